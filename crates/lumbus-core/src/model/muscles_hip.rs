//! Hip muscles, from OpenSim's gait2392 model (Delp et al. 1990), scaled to the subject.

use super::muscle::{Attachment, KneeArm, Muscle, MuscleGroup};
use super::opensim_geometry::{
    KNEE_ARM_STEP_DEG, KNEE_MOMENT_ARMS, MTP_IN_CALCN, MUSCLES_R, MusclePath, SUBTALAR_IN_TALUS,
};
use super::segment::{FEMUR, FOOT, PELVIS, SHANK, SIDE_SIGN};
use nalgebra::{Rotation3, Vector3};

/// Group totals of maximum isometric force, N, per side, from Rajagopal et al. 2016's model
/// (REFERENCES.md §5): gluteus medius 2730, maximus 3338, minimus 1216, TFL 411, iliacus 1021,
/// rectus femoris 2192. gait2392's own per-muscle forces set the split within each group; the
/// other hip muscles keep gait2392's values.
const GROUP_TOTALS_N: [(&str, f64); 6] = [
    ("glut_med", 2730.0),
    ("glut_max", 3338.0),
    ("glut_min", 1216.0),
    ("tfl", 411.0),
    ("iliacus", 1021.0),
    ("rect_fem", 2192.0),
];

/// Body mass of the subject of Rajagopal et al. 2016's model, kg; forces scale with mass^(2/3)
/// (geometric similarity, an assumption).
pub(super) const RAJAGOPAL_MASS_KG: f64 = 75.3;

fn group_of(name: &str) -> Option<MuscleGroup> {
    let g = match name.trim_end_matches("_r").trim_end_matches(char::is_numeric) {
        "glut_med" => MuscleGroup::GluteusMedius,
        "glut_max" => MuscleGroup::GluteusMaximus,
        "glut_min" => MuscleGroup::GluteusMinimus,
        "iliacus" | "rect_fem" | "sar" | "tfl" | "pect" => MuscleGroup::HipFlexors,
        "semimem" | "semiten" | "bifemlh" => MuscleGroup::Hamstrings,
        "add_long" | "add_brev" | "add_mag" | "grac" | "quad_fem" | "gem" | "peri" => MuscleGroup::OtherHip,
        // The psoas is built with the trunk muscles (it starts on the lumbar vertebrae); the
        // short head of biceps and the trunk muscles of gait2392 are not hip muscles here.
        _ => return None,
    };
    Some(g)
}

/// How gait2392's frames map onto this model's: a rotation about Z that puts the distal joint
/// on −Y, and a length scale. The foot's bodies (calcaneus, toes) map into the one rigid foot
/// segment (origin at the ankle) at gait2392's neutral pose, scaled like the tibia (an
/// assumption: the foot scales with the shank).
pub struct FrameMap {
    pub pelvis_scale: f64,
    pub femur: (Rotation3<f64>, f64),
    pub tibia: (Rotation3<f64>, f64),
}

impl FrameMap {
    pub fn to_model(&self, body: &str, p: [f64; 3], side: usize) -> Option<Attachment> {
        let v = Vector3::from(p);
        let (segment, q) = match body {
            "pelvis" => (PELVIS, v * self.pelvis_scale),
            "femur_r" => (FEMUR[side], self.femur.0 * v * self.femur.1),
            "tibia_r" => (SHANK[side], self.tibia.0 * v * self.tibia.1),
            "calcn_r" => (FOOT[side], (v + Vector3::from(SUBTALAR_IN_TALUS)) * self.tibia.1),
            "toes_r" => (
                FOOT[side],
                (v + Vector3::from(SUBTALAR_IN_TALUS) + Vector3::from(MTP_IN_CALCN)) * self.tibia.1,
            ),
            _ => return None,
        };
        Some(Attachment { segment, point: Vector3::new(q.x, q.y, q.z * SIDE_SIGN[side]) })
    }
}

/// The gait2392 knee moment arm of a muscle (OpenSim name), if it crosses the knee, scaled like
/// the femur (an assumption: moment arms scale with the thigh's length).
pub(super) fn knee_arm_of(name: &str, map: &FrameMap) -> Option<KneeArm> {
    KNEE_MOMENT_ARMS.iter().find(|k| k.name == name).map(|k| KneeArm {
        table: k.arm_m,
        step: KNEE_ARM_STEP_DEG.to_radians(),
        scale: map.femur.1,
    })
}

pub fn path_of(name: &str) -> &'static MusclePath {
    MUSCLES_R.iter().find(|m| m.name == name).expect("muscle present in gait2392 geometry")
}

pub fn hip_muscles(
    map: &FrameMap,
    mass_kg: f64,
    stress_factor: f64,
    strength: impl Fn(MuscleGroup) -> f64,
) -> Vec<Muscle> {
    let mass_scale = (mass_kg / RAJAGOPAL_MASS_KG).powf(2.0 / 3.0) * stress_factor;
    let base = |m: &MusclePath| m.name.trim_end_matches("_r").trim_end_matches(char::is_numeric).to_string();
    let group_sum = |prefix: &str| -> f64 {
        MUSCLES_R.iter().filter(|m| base(m) == prefix).map(|m| m.max_isometric_force_n).sum()
    };
    let mut out = Vec::new();
    for side in 0..2 {
        for m in MUSCLES_R {
            let Some(group) = group_of(m.name) else { continue };
            let b = base(m);
            let force = match GROUP_TOTALS_N.iter().find(|(p, _)| *p == b) {
                Some((_, total)) => m.max_isometric_force_n * total / group_sum(&b),
                None => m.max_isometric_force_n,
            };
            let path: Vec<Attachment> =
                m.points.iter().filter_map(|pp| map.to_model(pp.body, pp.location, side)).collect();
            if path.len() < 2 {
                continue;
            }
            let name = format!("{}_{}", m.name.trim_end_matches("_r"), if side == 0 { "r" } else { "l" });
            let knee_arm = knee_arm_of(m.name, map);
            out.push(Muscle {
                name,
                group,
                side,
                max_force: force * mass_scale * strength(group),
                path,
                knee_arm,
            });
        }
    }
    out
}
