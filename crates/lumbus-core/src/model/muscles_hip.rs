//! Hip muscles, from OpenSim's gait2392 model (Delp et al. 1990), scaled to the subject.

use super::muscle::{Attachment, KneeArm, Muscle, MuscleGroup};
use super::opensim_geometry::{
    KNEE_ARM_STEP_DEG, KNEE_MOMENT_ARMS, LEG_MUSCLES_R, MTP_IN_CALCN, MUSCLES_R, MusclePath,
    SUBTALAR_IN_TALUS,
};
use super::segment::{FEMUR, FOOT, PELVIS, SHANK, SIDE_SIGN};
use nalgebra::{Rotation3, Vector3};

/// Maximum isometric force per side, N, of every muscle (or muscle group, for those gait2392
/// splits into fascicles) that Rajagopal et al. 2016's model shares with gait2392, from its model
/// file (Rajagopal2015.osim as distributed with stanfordnmbl/coupled-exo-sim, commit 1e6a6ba;
/// REFERENCES.md §5 lists the hip's): gait2392's own forces set the split within a group. The
/// hip's alone once came from Rajagopal, the knee's and ankle's from gait2392, whose vasti are
/// half as strong (4530 against 9594 N): the rectus femoris, 1.9 times stronger than
/// gait2392's, then pulled harder at loading response than the three vasti together (648
/// against 509 N at 18 % of normal walking's cycle), and its hip flexion had to be undone by
/// the gluteus maximus. Muscles only gait2392 has (pectineus, quadratus
/// femoris, gemelli, peroneus tertius) keep gait2392's forces; the psoas is built with the
/// trunk (`muscles_trunk.rs`).
///
/// The paths stay gait2392's. Rajagopal's own hip abductor paths (same file) were compared at
/// the neutral pose, straight lines, both models at one scale: the gluteus medius and minimus
/// and tensor fasciae latae have a force-weighted abduction moment arm of 44.2 mm against
/// gait2392's 42.7 (+3.5 %; medius 1 and minimus +7–12 %, medius 3 −9 %), most of it from
/// Rajagopal's hip centre (14 mm more anterior, 12 mm lower, 6 mm more medial; its abductors'
/// femoral points are gait2392's). About 4 % less abductor force for a given abduction moment:
/// not where the model's hip contact excess over Bergmann's telemetry comes from.
const RAJAGOPAL_N: [(&str, f64); 30] = [
    // Hip.
    ("glut_med", 2729.76),
    ("glut_max", 3337.58),
    ("glut_min", 1215.64),
    ("tfl", 411.21),
    ("iliacus", 1021.14),
    ("rect_fem", 2191.74),
    ("add_long", 916.80),
    ("add_brev", 625.82),
    ("add_mag", 2389.18),
    ("grac", 281.31),
    ("semimem", 2200.99),
    ("semiten", 591.30),
    ("bifemlh", 1313.18),
    ("sar", 249.41),
    ("peri", 1029.79),
    // Knee and ankle.
    ("vas_med", 2747.82),
    ("vas_int", 1697.36),
    ("vas_lat", 5148.77),
    ("bifemsh", 557.11),
    ("med_gas", 3115.51),
    ("lat_gas", 1575.06),
    ("soleus", 6194.84),
    ("tib_post", 1730.15),
    ("flex_dig", 423.18),
    ("flex_hal", 907.84),
    ("tib_ant", 1227.45),
    ("per_brev", 521.20),
    ("per_long", 1115.37),
    ("ext_dig", 603.50),
    ("ext_hal", 285.87),
];

/// A gait2392 muscle's (fascicle's) maximum isometric force, N, with Rajagopal's strength
/// where Rajagopal's model has the muscle (`RAJAGOPAL_N`), before scaling to the subject.
pub(super) fn max_isometric_force(m: &MusclePath) -> f64 {
    fn base(name: &str) -> &str {
        name.trim_end_matches("_r").trim_end_matches(char::is_numeric)
    }
    let b = base(m.name);
    match RAJAGOPAL_N.iter().find(|(p, _)| *p == b) {
        Some((_, total)) => {
            let group: f64 = (MUSCLES_R.iter().chain(LEG_MUSCLES_R.iter()))
                .filter(|o| base(o.name) == b)
                .map(|o| o.max_isometric_force_n)
                .sum();
            m.max_isometric_force_n * total / group
        }
        None => m.max_isometric_force_n,
    }
}

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
    let mut out = Vec::new();
    for side in 0..2 {
        for m in MUSCLES_R {
            let Some(group) = group_of(m.name) else { continue };
            let force = max_isometric_force(m);
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
