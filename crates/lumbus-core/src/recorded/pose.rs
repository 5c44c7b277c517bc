//! Lumbus's own 13-segment pose from recorded OpenSim coordinates, so that a recorded trial
//! runs through the same muscle sharing, joint reactions and facet split as a generated gait.
//!
//! How each part is placed (the recorded model's bodies come from its own forward kinematics):
//! - **Legs**: each femur and shank points along the recorded hip→knee and knee→ankle lines
//!   (its X axis the recorded body's X made perpendicular), each foot takes the recorded
//!   calcaneus' orientation; lengths are this model's, starting at this model's hip centres.
//! - **Pelvis**: `pelvis_list` and `pelvis_rotation` as recorded; `pelvis_tilt` and the lumbar
//!   angles as deviations from their trial means, on top of this model's standing posture
//!   (the generator's convention for the same measured data: OpenSim's neutral pelvis and
//!   torso frames are not this model's anatomical neutral, and taking the raw −20° lumbar
//!   extension of the recordings as flexion of this spine would misstate its posture).
//!   The pelvis is placed so that the midpoint of its hip centres is the recorded one.
//! - **Lumbar levels**: the recording has one back joint; its three angles are spread over
//!   L1–L2 … L5–S1 by this model's lumbar rhythm (`model::spine`, Christophy et al. 2012),
//!   exactly as the generated gait does. The levels are therefore derived, not measured.

use nalgebra::{Matrix3, Vector3};

use super::multibody::Multibody;
use crate::gait::{Contact, Pose};
use crate::jet::*;
use crate::model::*;

/// Builds poses from recorded coordinates for one model.
#[derive(Debug, Clone)]
pub struct RecordedPoser {
    tilt: Option<usize>,
    list: Option<usize>,
    rotation: Option<usize>,
    lumbar: [Option<usize>; 3],
    femur: [usize; 2],
    tibia: [usize; 2],
    talus: [usize; 2],
    calcn: [usize; 2],
    /// Trial means removed from `pelvis_tilt` and the lumbar angles, rad.
    tilt_mean: f64,
    lumbar_mean: [f64; 3],
}

impl RecordedPoser {
    /// `means`: the trial means of `pelvis_tilt`, `lumbar_extension`, `lumbar_bending`,
    /// `lumbar_rotation` (rad; absent coordinates' are ignored).
    pub fn new(mb: &Multibody, means: [f64; 4]) -> Result<RecordedPoser, String> {
        let body = |n: &str| mb.body(n).ok_or_else(|| format!("model `{}` has no body `{n}`", mb.name));
        let both = |stem: &str| -> Result<[usize; 2], String> {
            Ok([body(&format!("{stem}_r"))?, body(&format!("{stem}_l"))?])
        };
        Ok(RecordedPoser {
            tilt: mb.coordinate("pelvis_tilt"),
            list: mb.coordinate("pelvis_list"),
            rotation: mb.coordinate("pelvis_rotation"),
            lumbar: [
                mb.coordinate("lumbar_extension"),
                mb.coordinate("lumbar_bending"),
                mb.coordinate("lumbar_rotation"),
            ],
            femur: both("femur")?,
            tibia: both("tibia")?,
            talus: both("talus")?,
            calcn: both("calcn")?,
            tilt_mean: means[0],
            lumbar_mean: [means[1], means[2], means[3]],
        })
    }

    /// The pose at time `t` for the recorded coordinate jets `q`; `phase` is reported as the
    /// pose's phase (e.g. the fraction of the trial). Contacts are left empty: the caller
    /// supplies the measured ground reaction.
    pub fn pose(&self, model: &Model, mb: &Multibody, q: &[J], t: f64, phase: f64) -> Pose {
        let get = |i: Option<usize>| i.map_or(c(0.0), |i| q[i]);
        let bodies = mb.poses(q);
        let rp = rot_zxy(get(self.tilt) - self.tilt_mean, get(self.list), get(self.rotation));
        let hip_rec = |s: usize| bodies[self.femur[s]].origin;
        let mid_rec = (hip_rec(RIGHT) + hip_rec(LEFT)).map(|x| x * 0.5);
        let mid_ours = (model.hip_in_pelvis[RIGHT] + model.hip_in_pelvis[LEFT]) * 0.5;
        let op = mid_rec - rp * cvec(mid_ours);
        let mut rots: Vec<JMat> = vec![rp];
        let mut origins: Vec<JVec> = vec![op];

        // Lumbar chain from the S1 endplate up, as in `GaitPlan::pose`.
        let [e_i, b_i, r_i] = self.lumbar;
        let ext = get(e_i) - self.lumbar_mean[0];
        let bend = get(b_i) - self.lumbar_mean[1];
        let rot = get(r_i) - self.lumbar_mean[2];
        let mut r_lo = rp * rot_z(c(-model.sacral_slope));
        let mut p_lo = op + rp * cvec(model.s1_in_pelvis);
        let mut disc_centre = [Vector3::zeros(); 5];
        let mut disc_rot = [Matrix3::zeros(); 5];
        let mut level_deviation = [Vector3::zeros(); 5];
        let mut level_angles = [[0.0; 3]; 5];
        for k in (0..5).rev() {
            let l = &model.levels[k];
            let (lordosis, hd, hb) = (l.lordosis, l.disc_height, l.upper_body_height);
            let e = ext * RHYTHM_FLEXION[k] + lordosis;
            let b = bend * RHYTHM_BENDING[k];
            let r = rot * RHYTHM_ROTATION[k];
            let half = |x: J| x * 0.5;
            let d = p_lo + r_lo * JVec::new(c(0.0), c(0.5 * hd), c(0.0));
            let rd = r_lo * rot_zxy(half(e), half(b), half(r));
            let r_up = r_lo * rot_zxy(e, b, r);
            let body = d + r_up * JVec::new(c(0.0), c(0.5 * hd + 0.5 * hb), c(0.0));
            p_lo = d + r_up * JVec::new(c(0.0), c(0.5 * hd + hb), c(0.0));
            r_lo = r_up;
            rots.push(r_up);
            origins.push(body);
            disc_centre[k] = d.map(|x| x.re);
            disc_rot[k] = rd.map(|x| x.re);
            level_deviation[k] = Vector3::new(b.re, r.re, e.re - lordosis);
            level_angles[k] = [e.re, b.re, r.re];
        }
        rots.push(r_lo * rot_z(c(model.thoracolumbar_offset)));
        origins.push(p_lo);

        // Legs along the recorded segment lines, with this model's lengths.
        let (l1, l2) = (model.lengths.thigh, model.lengths.shank);
        let mut hip_centre = [Vector3::zeros(); 2];
        let mut knee_flexion = [0.0; 2];
        for side in [RIGHT, LEFT] {
            let knee_rec = bodies[self.tibia[side]].origin;
            let ankle_rec = bodies[self.talus[side]].origin;
            let femur_y = normalize(&(hip_rec(side) - knee_rec));
            let shank_y = normalize(&(knee_rec - ankle_rec));
            let frame = |y: JVec, body: usize| {
                let w = bodies[body].rotation.column(0).into_owned();
                let x = normalize(&(w - scale(&y, w.dot(&y))));
                JMat::from_columns(&[x, y, x.cross(&y)])
            };
            let hip = op + rp * cvec(model.hip_in_pelvis[side]);
            let knee = hip - scale(&femur_y, c(l1));
            let ankle = knee - scale(&shank_y, c(l2));
            rots.extend([
                frame(femur_y, self.femur[side]),
                frame(shank_y, self.tibia[side]),
                bodies[self.calcn[side]].rotation,
            ]);
            origins.extend([hip, knee, ankle]);
            hip_centre[side] = hip.map(|x| x.re);
            knee_flexion[side] = femur_y.dot(&shank_y).re.clamp(-1.0, 1.0).acos();
        }

        let segments = &model.segments;
        let mut pose = Pose {
            time: t,
            phase,
            rot: [Matrix3::zeros(); N_SEGMENTS],
            origin: [Vector3::zeros(); N_SEGMENTS],
            omega: [Vector3::zeros(); N_SEGMENTS],
            alpha: [Vector3::zeros(); N_SEGMENTS],
            com: [Vector3::zeros(); N_SEGMENTS],
            com_acc: [Vector3::zeros(); N_SEGMENTS],
            disc_centre,
            disc_rot,
            level_deviation,
            level_angles,
            hip_centre,
            knee_flexion,
            contacts: [Contact::default(); 2],
        };
        for s in 0..N_SEGMENTS {
            let (r, w, a) = split_rot(&rots[s]);
            pose.rot[s] = r;
            pose.omega[s] = w;
            pose.alpha[s] = a;
            pose.origin[s] = origins[s].map(|x| x.re);
            let (x, _, acc) = split_vec(&(origins[s] + rots[s] * cvec(segments[s].com)));
            pose.com[s] = x;
            pose.com_acc[s] = acc;
        }
        pose
    }
}
