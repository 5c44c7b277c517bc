//! One frame's static-optimisation problem: what each muscle does per unit activation at every
//! moment row, and what each row needs.
//!
//! Lumbar levels and hips: the three components of the moment of the muscle's straight pieces
//! (`moment_arms.rs`). Knees and ankles are hinges about the shank's Z axis (`dynamics::cuts`):
//! at the ankle the straight pieces' moment about that axis; at the knee gait2392's own moment
//! arm at this knee flexion (`Muscle::knee_arm`), since the straight pieces, with their points
//! fixed in the tibia and a fixed knee centre, overstate it by up to a third
//! (`model::opensim_geometry`'s header).

use super::moment_arms::{MuscleCrossings, MuscleJacobian};
use super::static_opt::{Col, SoProblem};
use crate::dynamics::{CUT_KNEE, Cut, N_CUTS};
use crate::gait::Pose;
use crate::model::Muscle;
use nalgebra::Vector3;

/// Rebuilds `problem`'s columns, their row ranges and the right-hand side. `need[j]` is the
/// moment the muscles must supply at cut j (world axes): the net moment less any passive one.
pub fn fill_problem(
    problem: &mut SoProblem,
    muscles: &[Muscle],
    cuts: &[Cut; N_CUTS],
    crossings: &MuscleCrossings,
    jac: &MuscleJacobian,
    pose: &Pose,
    need: &[Vector3<f64>; N_CUTS],
) {
    let axes: [Option<Vector3<f64>>; N_CUTS] = std::array::from_fn(|j| cuts[j].axis(pose));
    // Filled in place: a column is 25 numbers, and pushing one per muscle per frame was a copy of
    // each (3 % of a cycle).
    problem.columns.resize(muscles.len(), Col::zeros());
    problem.rows.clear();
    for (i, mu) in muscles.iter().enumerate() {
        let col = &mut problem.columns[i];
        col.fill(0.0);
        let (mut first, mut last) = (usize::MAX, 0);
        // Only the cuts the muscle crosses (their rows stay zero for the rest).
        for &j in &crossings.cuts[i] {
            let cut = &cuts[j];
            if jac.moment[i][j] == Vector3::zeros() {
                continue;
            }
            let mo = jac.moment[i][j] * mu.max_force;
            match (axes[j], cut.hinge) {
                (None, _) => col.fixed_rows_mut::<3>(cut.row).copy_from(&mo),
                (Some(axis), Some(side)) => {
                    col[cut.row] = match mu.knee_arm {
                        Some(arm) if j == CUT_KNEE[side] => arm.at(pose.knee_flexion[side]) * mu.max_force,
                        _ => mo.dot(&axis),
                    };
                }
                (Some(_), None) => unreachable!("a hinge has a side"),
            }
            first = first.min(cut.row);
            last = last.max(cut.row + cut.n_rows - 1);
        }
        problem.rows.push(if first <= last { first..last + 1 } else { 0..0 });
    }
    for (j, cut) in cuts.iter().enumerate() {
        match axes[j] {
            None => problem.b.fixed_rows_mut::<3>(cut.row).copy_from(&need[j]),
            Some(axis) => problem.b[cut.row] = need[j].dot(&axis),
        }
    }
}
