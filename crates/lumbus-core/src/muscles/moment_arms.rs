//! What one unit of tension in each muscle does at each cut: force and moment on the child side.

use crate::dynamics::{Cut, N_CUTS};
use crate::gait::Pose;
use crate::model::Muscle;
use nalgebra::Vector3;

/// Per muscle, per cut: the force (N per N of tension) and moment about the cut's joint centre
/// (m) that the muscle applies to the cut's child side. Reused frame after frame.
#[derive(Clone, Debug, Default)]
pub struct MuscleJacobian {
    pub force: Vec<[Vector3<f64>; N_CUTS]>,
    pub moment: Vec<[Vector3<f64>; N_CUTS]>,
}

/// Fills `out` for this pose. Each straight piece of a path pulls its two ends toward each
/// other; a piece whose ends lie on different sides of a cut acts across it.
pub fn muscle_jacobian(
    muscles: &[Muscle],
    cuts: &[Cut; N_CUTS],
    centres: &[Vector3<f64>; N_CUTS],
    pose: &Pose,
    out: &mut MuscleJacobian,
) {
    out.force.resize(muscles.len(), [Vector3::zeros(); N_CUTS]);
    out.moment.resize(muscles.len(), [Vector3::zeros(); N_CUTS]);
    for (i, m) in muscles.iter().enumerate() {
        let (f, mo) = (&mut out.force[i], &mut out.moment[i]);
        *f = [Vector3::zeros(); N_CUTS];
        *mo = [Vector3::zeros(); N_CUTS];
        for piece in m.path.windows(2) {
            let (a, b) = (&piece[0], &piece[1]);
            if a.segment == b.segment {
                continue;
            }
            let pa = pose.point(a.segment, &a.point);
            let pb = pose.point(b.segment, &b.point);
            let u = (pb - pa).normalize();
            for (j, cut) in cuts.iter().enumerate() {
                let (ca, cb) = (cut.child[a.segment], cut.child[b.segment]);
                if ca == cb {
                    continue;
                }
                // The end on the child side is pulled toward the other end.
                let (p, dir) = if ca { (pa, u) } else { (pb, -u) };
                f[j] += dir;
                mo[j] += (p - centres[j]).cross(&dir);
            }
        }
    }
}
