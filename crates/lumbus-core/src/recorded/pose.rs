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

use nalgebra::Vector3;

use super::multibody::{BodyPose, Multibody};
use crate::gait::{Contact, LumbarChain, Pose, SpineGeometry};
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

    /// The pose at time `t` for the recorded coordinate jets `q`, the recorded bodies there
    /// being `bodies` (`Multibody::poses`, found once per frame by the caller, which needs them
    /// again for inverse dynamics); `phase` is reported as the pose's phase (e.g. the fraction
    /// of the trial). Contacts are left empty: the caller supplies the measured ground reaction.
    pub fn pose(&self, model: &Model, bodies: &[BodyPose], q: &[J], t: f64, phase: f64) -> Pose {
        let get = |i: Option<usize>| i.map_or(c(0.0), |i| q[i]);
        let rp = rot_zxy(get(self.tilt) - self.tilt_mean, get(self.list), get(self.rotation));
        let hip_rec = |s: usize| bodies[self.femur[s]].origin;
        let mid_rec = (hip_rec(RIGHT) + hip_rec(LEFT)).map(|x| x * 0.5);
        let mid_ours = (model.hip_in_pelvis[RIGHT] + model.hip_in_pelvis[LEFT]) * 0.5;
        let op = mid_rec - rp * cvec(mid_ours);
        let mut rots = [JMat::zeros(); N_SEGMENTS];
        let mut origins = [JVec::zeros(); N_SEGMENTS];
        rots[PELVIS] = rp;
        origins[PELVIS] = op;

        // Lumbar chain from the S1 endplate up, as in `GaitPlan::pose`.
        let [e_i, b_i, r_i] = self.lumbar;
        let angles =
            [get(e_i) - self.lumbar_mean[0], get(b_i) - self.lumbar_mean[1], get(r_i) - self.lumbar_mean[2]];
        let levels: [(f64, f64, f64); 5] = std::array::from_fn(|k| {
            let l = &model.levels[k];
            (l.lordosis, l.disc_height, l.upper_body_height)
        });
        let spine = SpineGeometry {
            levels: &levels,
            s1: model.s1_in_pelvis,
            sacral_slope: model.sacral_slope,
            thoracolumbar_offset: model.thoracolumbar_offset,
        };
        let chain = LumbarChain::build(&spine, rp, op, angles, &mut rots, &mut origins);

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
            for (seg, r, o) in [
                (FEMUR[side], frame(femur_y, self.femur[side]), hip),
                (SHANK[side], frame(shank_y, self.tibia[side]), knee),
                (FOOT[side], bodies[self.calcn[side]].rotation, ankle),
            ] {
                rots[seg] = r;
                origins[seg] = o;
            }
            hip_centre[side] = hip.map(|x| x.re);
            knee_flexion[side] = femur_y.dot(&shank_y).re.clamp(-1.0, 1.0).acos();
        }

        // Contacts are left empty: the caller supplies the measured ground reaction.
        let contacts = [Contact::default(); 2];
        Pose::from_jets(t, phase, &model.segments, &rots, &origins, chain, hip_centre, knee_flexion, contacts)
    }
}
