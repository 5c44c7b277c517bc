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
    /// Muscles crossing the knee or ankle but not the hip (vasti, short head of biceps femoris,
    /// calf and shin muscles): always at full strength.
    Leg,
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
            MuscleGroup::Leg => "leg",
        }
    }
}

/// A point fixed in a segment's frame.
#[derive(Clone, Copy, Debug)]
pub struct Attachment {
    pub segment: usize,
    pub point: Vector3<f64>,
}

/// A muscle's knee moment arm as a function of knee flexion: a table on an even grid from 0 rad
/// (OpenSim gait2392's own, `opensim_geometry::KNEE_MOMENT_ARMS`), scaled to the subject.
#[derive(Clone, Copy, Debug)]
pub struct KneeArm {
    /// Moment arm at flexion 0, step, 2 step, … (m; extension positive).
    pub table: &'static [f64],
    /// The table's flexion step, rad.
    pub step: f64,
    /// Length scale from the table's model to this subject.
    pub scale: f64,
}

impl KneeArm {
    /// Moment arm at a knee flexion (rad), m: linear between the table's points, its end values
    /// outside them.
    pub fn at(&self, flexion: f64) -> f64 {
        let x = (flexion / self.step).max(0.0);
        let i = (x.floor() as usize).min(self.table.len() - 2);
        let f = (x - i as f64).min(1.0);
        (self.table[i] * (1.0 - f) + self.table[i + 1] * f) * self.scale
    }
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
    /// For a muscle crossing the knee, its knee moment arm (the knee rows of the static
    /// optimisation use it rather than the straight pieces, whose fixed points and fixed knee
    /// centre overstate it: see `opensim_geometry`).
    pub knee_arm: Option<KneeArm>,
}
