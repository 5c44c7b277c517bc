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

/// Where each muscle acts across the cuts, fixed by the model and found once (`Engine::new`), so
/// that each frame visits only the pieces and cuts that matter (most muscles cross two or three
/// of the eleven cuts).
#[derive(Clone, Debug, Default)]
pub struct MuscleCrossings {
    /// Per muscle, in path order then cut order: (index of the piece's first path point, cut,
    /// whether that first point is on the cut's child side).
    pub pieces: Vec<Vec<(usize, usize, bool)>>,
    /// Per muscle: the cuts it crosses, ascending.
    pub cuts: Vec<Vec<usize>>,
}

impl MuscleCrossings {
    /// A piece acts across a cut when its two ends lie on different sides of it.
    pub fn new(muscles: &[Muscle], cuts: &[Cut; N_CUTS]) -> MuscleCrossings {
        let mut out = MuscleCrossings::default();
        for m in muscles {
            let mut pieces = Vec::new();
            for (k, piece) in m.path.windows(2).enumerate() {
                let (a, b) = (piece[0].segment, piece[1].segment);
                if a == b {
                    continue;
                }
                for (j, cut) in cuts.iter().enumerate() {
                    if cut.child[a] != cut.child[b] {
                        pieces.push((k, j, cut.child[a]));
                    }
                }
            }
            let mut crossed: Vec<usize> = pieces.iter().map(|p| p.1).collect();
            crossed.sort_unstable();
            crossed.dedup();
            out.pieces.push(pieces);
            out.cuts.push(crossed);
        }
        out
    }
}

/// Fills `out` for this pose. Each straight piece of a path pulls its two ends toward each
/// other; a piece whose ends lie on different sides of a cut acts across it.
pub fn muscle_jacobian(
    muscles: &[Muscle],
    crossings: &MuscleCrossings,
    centres: &[Vector3<f64>; N_CUTS],
    pose: &Pose,
    out: &mut MuscleJacobian,
) {
    if out.force.len() != muscles.len() {
        out.force = vec![[Vector3::zeros(); N_CUTS]; muscles.len()];
        out.moment = vec![[Vector3::zeros(); N_CUTS]; muscles.len()];
    }
    for (i, m) in muscles.iter().enumerate() {
        let (f, mo) = (&mut out.force[i], &mut out.moment[i]);
        // Only the cuts this muscle crosses are ever written: the others stay zero.
        for &j in &crossings.cuts[i] {
            f[j] = Vector3::zeros();
            mo[j] = Vector3::zeros();
        }
        // The piece's ends and direction, computed once however many cuts it crosses; the
        // next piece along the path starts where this one ends.
        let mut piece = (usize::MAX, Vector3::zeros(), Vector3::zeros(), Vector3::zeros());
        for &(k, j, a_is_child) in &crossings.pieces[i] {
            if piece.0 != k {
                let (a, b) = (&m.path[k], &m.path[k + 1]);
                let pa = if piece.0 != usize::MAX && piece.0 + 1 == k {
                    piece.2
                } else {
                    pose.point(a.segment, &a.point)
                };
                let pb = pose.point(b.segment, &b.point);
                piece = (k, pa, pb, (pb - pa).normalize());
            }
            let (_, pa, pb, u) = piece;
            // The end on the child side is pulled toward the other end.
            let (p, dir) = if a_is_child { (pa, u) } else { (pb, -u) };
            f[j] += dir;
            mo[j] += (p - centres[j]).cross(&dir);
        }
    }
}
