//! The model: segments, lumbar levels, muscles — built once per subject and scene, then shared
//! read-only by every frame and thread (the MuJoCo model/data split).

mod anthropometry;
mod anybody_erector;
mod anybody_multifidus;
mod anybody_psoas;
mod christophy_lumbar;
mod muscle;
mod muscles_hip;
mod muscles_leg;
mod muscles_trunk;
pub mod opensim_geometry;
mod segment;
mod spine;

pub use anthropometry::Lengths;
pub use muscle::{Attachment, KneeArm, Muscle, MuscleGroup};
pub use segment::*;
pub use spine::*;

use crate::params::{Scene, Strength};
use nalgebra::{Rotation3, Vector3};
use opensim_geometry as osim;

/// Standard gravity, m/s².
pub const GRAVITY: f64 = 9.81;

/// The foot as the gait generator sees it (foot frame: origin at the ankle, X forward).
#[derive(Clone, Debug)]
pub struct FootGeometry {
    /// Heel contact point and metatarsal-head contact point, foot frame, m.
    pub heel: Vector3<f64>,
    pub metatarsal: Vector3<f64>,
}

/// Everything about one subject in one scene that does not change during the gait.
#[derive(Clone, Debug)]
pub struct Model {
    pub scene: Scene,
    pub mass: f64,
    /// Body weight, N (the unit of the BW columns). Includes no backpack.
    pub body_weight: f64,
    pub segments: Vec<Segment>,
    pub lengths: Lengths,
    /// Hip joint centres in the pelvis frame, [right, left].
    pub hip_in_pelvis: [Vector3<f64>; 2],
    /// Centre of the S1 endplate in the pelvis frame.
    pub s1_in_pelvis: Vector3<f64>,
    pub sacral_slope: f64,
    /// Rotation (about Z) from L1 to the thorax that makes the neutral thorax upright.
    pub thoracolumbar_offset: f64,
    pub levels: Vec<Level>,
    pub foot: FootGeometry,
    /// Lateral distance between the feet's paths (step width), m.
    pub step_width: f64,
    pub muscles: Vec<Muscle>,
}

/// Where a backpack's centre sits on the thorax (thorax frame, m at 1.75 m): behind the upper
/// back (assumption).
const BACKPACK_AT: Vector3<f64> = Vector3::new(-0.17, 0.22, 0.0);

/// Step width as a fraction of leg length, unless the scene sets `[gait] step_width_m`: 14.0 ±
/// 3.1 % at preferred speed on an unobstructed floor, younger and older adults ("Healthy
/// younger and older adults control foot placement to avoid small obstacles during gait
/// primarily by modulating step width", J NeuroEng Rehabil
/// 2012, 9:69, doi 10.1186/1743-0003-9-69, Table 1). Leg length is taken as hip to floor (thigh,
/// shank and ankle height): 0.13 m at 1.75 m. The 0.10 m assumed before put the centre of
/// pressure further inside the hip and the hip abduction moment above the recorded subject's.
const STEP_WIDTH_PER_LEG_LENGTH: f64 = 0.140;

/// Heel and metatarsal heads along the foot, as fractions of foot length from the heel, and the
/// ankle's place along it (assumptions: typical adult proportions).
///
/// The forefoot corner at 0.95 sits near the toe tips, not at the metatarsal heads (the
/// recorded gait2392 subject's metatarsophalangeal joint is at 0.68 of its foot, 0.127 m ahead
/// of the ankle): it stands in for the toes the rigid foot lacks, which carry the push-off in
/// life. The price: the push-off centre of pressure runs 4–5 cm further ahead of the ankle than
/// the recorded subject's, and the late-stance hip flexion moment is lost
/// (`examples/gait_vs_recorded.rs`). Moving the corner back to the heads raised the hip
/// contact peaks (0.85 / 0.75: normal walking 3.66 / 4.16 BW, fast 4.76 / 5.83, against 3.55 /
/// 4.35 then; earlier, with other foot paths, 4.52 / 5.22 against 3.93): the rigid foot then
/// rises onto its corner early. Keeping the kinematics but putting the push-off's load at the
/// heads' ground projection (`FootPath::stance_state`'s contact clamped there; 2026-11-22, not
/// kept) brought the centre of pressure to 0.13–0.15 m ahead of the ankle as recorded and the
/// hip flexion moment's RMS difference from 0.213 to 0.192 N·m/kg, but not the late-stance
/// flexion moment (the pelvis fit moves the body with the centre of pressure), and raised the
/// hip contact peaks (normal walking 3.58, long strides 4.44 BW): the centre of pressure alone
/// is not it; whether a toe joint's kinematics would be is open.
const ANKLE_ALONG_FOOT: f64 = 0.22;
const METATARSALS_ALONG_FOOT: f64 = 0.95;
/// Shoe sole under the heel and forefoot, m (assumption: walking in shoes, as the recorded
/// subject did: its calcaneus sat 5.2 cm above the floor in mid-stance).
const SHOE_SOLE: f64 = 0.03;

fn strength_of(s: &Strength, g: MuscleGroup) -> f64 {
    match g {
        MuscleGroup::GluteusMedius => s.gluteus_medius,
        MuscleGroup::GluteusMaximus => s.gluteus_maximus,
        MuscleGroup::GluteusMinimus => s.gluteus_minimus,
        MuscleGroup::HipFlexors => s.hip_flexors,
        MuscleGroup::Hamstrings => s.hamstrings,
        MuscleGroup::Abdominals => s.abdominals,
        MuscleGroup::ErectorSpinae => s.erector_spinae,
        MuscleGroup::Multifidus => s.multifidus,
        MuscleGroup::QuadratusLumborum => s.quadratus_lumborum,
        MuscleGroup::Psoas => s.psoas,
        MuscleGroup::OtherHip | MuscleGroup::Leg => 1.0,
    }
}

/// A rotation about Z that brings `v` onto −Y, and the scale that gives it length `len`.
fn align_to_minus_y(v: [f64; 3], len: f64) -> (Rotation3<f64>, f64) {
    let v = Vector3::from(v);
    let angle = v.x.atan2(-v.y);
    (Rotation3::from_axis_angle(&Vector3::z_axis(), -angle), len / v.norm())
}

impl Model {
    /// Builds the model for a scene. The scene must have passed `Scene::validate`.
    pub fn new(scene: &Scene) -> Model {
        let lengths = Lengths::new(&scene.subject);
        let ts = lengths.trunk_scale;
        let heel_to_ankle = ANKLE_ALONG_FOOT * lengths.foot;
        let mut segments = anthropometry::segments(&scene.subject, &lengths, heel_to_ankle);
        segments[THORAX].add_point_mass(scene.load.backpack_kg, BACKPACK_AT * ts);

        let leg = lengths.leg();
        let pelvis_scale = leg / osim::LEG_LENGTH_M;
        let hip_r = Vector3::from(osim::HIP_IN_PELVIS_R) * pelvis_scale;
        let hip_in_pelvis = [hip_r, Vector3::new(hip_r.x, hip_r.y, -hip_r.z)];
        let s1_in_pelvis = Vector3::from(osim::BACK_IN_PELVIS) * pelvis_scale;

        let levels = spine::levels(scene, ts);
        let lordosis: f64 = levels.iter().map(|l| l.lordosis).sum();
        let sacral_slope = SACRAL_SLOPE_DEG.to_radians();

        let map = muscles_hip::FrameMap {
            pelvis_scale,
            femur: align_to_minus_y(osim::KNEE_IN_FEMUR, lengths.thigh),
            tibia: align_to_minus_y(osim::ANKLE_IN_TIBIA, lengths.shank),
        };
        let strength = |g| strength_of(&scene.strength, g);
        let stress = scene.muscles.max_stress_n_per_cm2;
        let mut muscles = muscles_hip::hip_muscles(&map, scene.subject.mass_kg, stress / 100.0, strength);
        let psoas = muscles_hip::path_of("psoas_r");
        let brim = psoas.points.iter().rfind(|p| p.body == "pelvis").expect("psoas brim point");
        let femur_points = psoas
            .points
            .iter()
            .filter(|p| p.body == "femur_r")
            .map(|p| map.to_model(p.body, p.location, RIGHT).expect("femur point").point)
            .collect();
        let trunk = muscles_trunk::TrunkFrame {
            s1: s1_in_pelvis,
            scale: ts,
            stress,
            l5_tilt: sacral_slope - levels[4].lordosis,
            thoracolumbar_offset: sacral_slope - lordosis,
            psoas_brim: Vector3::from(brim.location) * pelvis_scale,
            psoas_femur: femur_points,
            femur: FEMUR,
        };
        muscles.extend(muscles_trunk::trunk_muscles(&trunk, strength));
        muscles.extend(muscles_leg::leg_muscles(&map, scene.subject.mass_kg, stress / 100.0));

        let mass = scene.subject.mass_kg;
        Model {
            scene: scene.clone(),
            mass,
            body_weight: mass * GRAVITY,
            segments,
            foot: FootGeometry {
                heel: Vector3::new(-heel_to_ankle, -lengths.ankle_height - SHOE_SOLE, 0.0),
                metatarsal: Vector3::new(
                    (METATARSALS_ALONG_FOOT - ANKLE_ALONG_FOOT) * lengths.foot,
                    -lengths.ankle_height - SHOE_SOLE,
                    0.0,
                ),
            },
            step_width: scene.gait.step_width_m.unwrap_or(STEP_WIDTH_PER_LEG_LENGTH * leg),
            lengths,
            hip_in_pelvis,
            s1_in_pelvis,
            sacral_slope,
            thoracolumbar_offset: sacral_slope - lordosis,
            levels,
            muscles,
        }
    }

    /// Total mass moved by the legs, backpack included, kg.
    pub fn total_mass(&self) -> f64 {
        self.segments.iter().map(|s| s.mass).sum()
    }
}
