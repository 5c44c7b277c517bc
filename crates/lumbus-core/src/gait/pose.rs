//! The kinematics of one instant (`Pose`) and how it is assembled from each segment's rotation
//! and origin as jets in time — one definition shared by the generated gait (`GaitPlan::pose`)
//! and recorded trials (`recorded::RecordedPoser`).

use crate::jet::*;
use crate::model::*;
use nalgebra::{Matrix3, Vector3};

/// Where a foot meets the ground and what share of the ground reaction it takes.
#[derive(Clone, Copy, Debug, Default)]
pub struct Contact {
    pub in_stance: bool,
    /// Ground point under the rocker (the preferred centre of pressure), m.
    pub point: Vector3<f64>,
    /// Fraction of the total ground reaction this foot carries (0 in swing; the two sum to 1).
    pub share: f64,
}

/// The kinematics of one instant, world frame, plain numbers.
#[derive(Clone, Debug)]
pub struct Pose {
    pub time: f64,
    /// Fraction of the gait cycle since the right heel strike.
    pub phase: f64,
    pub rot: [Matrix3<f64>; N_SEGMENTS],
    pub origin: [Vector3<f64>; N_SEGMENTS],
    pub omega: [Vector3<f64>; N_SEGMENTS],
    pub alpha: [Vector3<f64>; N_SEGMENTS],
    pub com: [Vector3<f64>; N_SEGMENTS],
    pub com_acc: [Vector3<f64>; N_SEGMENTS],
    /// Disc centres and disc frames (Y normal to the mid-plane), L1–L2 … L5–S1.
    pub disc_centre: [Vector3<f64>; 5],
    pub disc_rot: [Matrix3<f64>; 5],
    /// Each level's rotation away from its neutral (standing) angle, rad, about the disc frame's
    /// X (lateral bending), Y (axial rotation) and Z (extension).
    pub level_deviation: [Vector3<f64>; 5],
    /// Each level's extension, lateral bending, axial rotation, rad (lordosis included).
    pub level_angles: [[f64; 3]; 5],
    pub hip_centre: [Vector3<f64>; 2],
    pub knee_flexion: [f64; 2],
    pub contacts: [Contact; 2],
    /// The impact transient at each foot's landing, when the scene has one (`gait/impact.rs`).
    pub impacts: [Option<super::ImpactLoad>; 2],
}

/// The spine's fixed geometry the lumbar chain is built on.
pub struct SpineGeometry<'a> {
    /// Per level L1–L2 … L5–S1: standing lordosis (rad), disc height and the height of the
    /// vertebral body above it (m).
    pub levels: &'a [(f64, f64, f64)],
    /// Centre of the S1 endplate in the pelvis frame, m.
    pub s1: Vector3<f64>,
    pub sacral_slope: f64,
    pub thoracolumbar_offset: f64,
}

/// The lumbar levels' plain-number outputs, from `LumbarChain::build`.
pub struct LumbarChain {
    pub disc_centre: [Vector3<f64>; 5],
    pub disc_rot: [Matrix3<f64>; 5],
    pub level_deviation: [Vector3<f64>; 5],
    pub level_angles: [[f64; 3]; 5],
}

impl LumbarChain {
    /// Builds the chain from the S1 endplate up: the total lumbar extension, bending and rotation
    /// (beyond the standing lordosis) spread over the levels by the lumbar rhythm (Christophy et
    /// al. 2012, `model::spine`), each disc's frame half-way through its level's rotation, and
    /// the thorax on L1. Writes the vertebrae's and the thorax's rotations and origins.
    pub fn build(
        spine: &SpineGeometry,
        pelvis_rot: JMat,
        pelvis_origin: JVec,
        [ext, bend, rot]: [J; 3],
        rots: &mut [JMat; N_SEGMENTS],
        origins: &mut [JVec; N_SEGMENTS],
    ) -> LumbarChain {
        let mut r_lo = mat_mul(&pelvis_rot, &rot_z(c(-spine.sacral_slope)));
        let mut p_lo = pelvis_origin + mat_vec_const(&pelvis_rot, &spine.s1);
        let mut chain = LumbarChain {
            disc_centre: [Vector3::zeros(); 5],
            disc_rot: [Matrix3::zeros(); 5],
            level_deviation: [Vector3::zeros(); 5],
            level_angles: [[0.0; 3]; 5],
        };
        for k in (0..5).rev() {
            let (lordosis, hd, hb) = spine.levels[k];
            let e = ext * RHYTHM_FLEXION[k] + lordosis;
            let b = bend * RHYTHM_BENDING[k];
            let r = rot * RHYTHM_ROTATION[k];
            let half = |x: J| x * 0.5;
            let d = p_lo + mat_vec_const(&r_lo, &Vector3::new(0.0, 0.5 * hd, 0.0));
            let rd = mat_mul(&r_lo, &rot_zxy(half(e), half(b), half(r)));
            let r_up = mat_mul(&r_lo, &rot_zxy(e, b, r));
            let body = d + mat_vec_const(&r_up, &Vector3::new(0.0, 0.5 * hd + 0.5 * hb, 0.0));
            p_lo = d + mat_vec_const(&r_up, &Vector3::new(0.0, 0.5 * hd + hb, 0.0));
            r_lo = r_up;
            // Level k (L1–L2 … L5–S1) carries vertebra L(k+1) above it.
            rots[VERTEBRA[4 - k]] = r_up;
            origins[VERTEBRA[4 - k]] = body;
            chain.disc_centre[k] = d.map(|x| x.re);
            chain.disc_rot[k] = rd.map(|x| x.re);
            chain.level_deviation[k] = Vector3::new(b.re, r.re, e.re - lordosis);
            chain.level_angles[k] = [e.re, b.re, r.re];
        }
        rots[THORAX] = mat_mul(&r_lo, &rot_z(c(spine.thoracolumbar_offset)));
        origins[THORAX] = p_lo;
        chain
    }
}

impl Pose {
    /// World position of a point fixed in a segment.
    pub fn point(&self, seg: usize, p: &Vector3<f64>) -> Vector3<f64> {
        self.origin[seg] + self.rot[seg] * p
    }

    /// Splits each segment's jets into plain rotation, angular velocity and acceleration, origin,
    /// centre of mass and its acceleration.
    #[allow(clippy::too_many_arguments)]
    pub fn from_jets(
        time: f64,
        phase: f64,
        segments: &[Segment],
        rots: &[JMat; N_SEGMENTS],
        origins: &[JVec; N_SEGMENTS],
        chain: LumbarChain,
        hip_centre: [Vector3<f64>; 2],
        knee_flexion: [f64; 2],
        contacts: [Contact; 2],
    ) -> Pose {
        let mut pose = Pose {
            time,
            phase,
            rot: [Matrix3::zeros(); N_SEGMENTS],
            origin: [Vector3::zeros(); N_SEGMENTS],
            omega: [Vector3::zeros(); N_SEGMENTS],
            alpha: [Vector3::zeros(); N_SEGMENTS],
            com: [Vector3::zeros(); N_SEGMENTS],
            com_acc: [Vector3::zeros(); N_SEGMENTS],
            disc_centre: chain.disc_centre,
            disc_rot: chain.disc_rot,
            level_deviation: chain.level_deviation,
            level_angles: chain.level_angles,
            hip_centre,
            knee_flexion,
            contacts,
            impacts: [None; 2],
        };
        for s in 0..N_SEGMENTS {
            let (r, w, a) = split_rot(&rots[s]);
            pose.rot[s] = r;
            pose.omega[s] = w;
            pose.alpha[s] = a;
            pose.origin[s] = origins[s].map(|x| x.re);
            let com = origins[s] + mat_vec_const(&rots[s], &segments[s].com);
            let (x, _, acc) = split_vec(&com);
            pose.com[s] = x;
            pose.com_acc[s] = acc;
        }
        pose
    }
}
