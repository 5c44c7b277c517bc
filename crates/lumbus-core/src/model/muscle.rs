//! Muscles: straight-line paths between attachment points on segments.

use nalgebra::Vector3;
use serde::Serialize;

/// The groups a user can weaken (`params::Strength`), plus the hip muscles that have no knob.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum MuscleGroup {
    GluteusMedius,
    GluteusMaximus,
    GluteusMinimus,
    HipFlexors,
    Hamstrings,
    Abdominals,
    ErectorSpinae,
    Multifidus,
    QuadratusLumborum,
    Psoas,
    /// Adductors, deep rotators: always at full strength.
    OtherHip,
}

impl MuscleGroup {
    pub fn name(self) -> &'static str {
        match self {
            MuscleGroup::GluteusMedius => "gluteus_medius",
            MuscleGroup::GluteusMaximus => "gluteus_maximus",
            MuscleGroup::GluteusMinimus => "gluteus_minimus",
            MuscleGroup::HipFlexors => "hip_flexors",
            MuscleGroup::Hamstrings => "hamstrings",
            MuscleGroup::Abdominals => "abdominals",
            MuscleGroup::ErectorSpinae => "erector_spinae",
            MuscleGroup::Multifidus => "multifidus",
            MuscleGroup::QuadratusLumborum => "quadratus_lumborum",
            MuscleGroup::Psoas => "psoas",
            MuscleGroup::OtherHip => "other_hip",
        }
    }
}

/// A point fixed in a segment's frame.
#[derive(Clone, Copy, Debug)]
pub struct Attachment {
    pub segment: usize,
    pub point: Vector3<f64>,
}

#[derive(Clone, Debug)]
pub struct Muscle {
    pub name: String,
    pub group: MuscleGroup,
    /// 0 right, 1 left.
    pub side: usize,
    /// Maximum isometric force after weakness, N.
    pub max_force: f64,
    /// Origin, via points, insertion: the tension acts along each straight piece.
    pub path: Vec<Attachment>,
}
