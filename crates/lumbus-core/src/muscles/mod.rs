//! Muscle sharing: which muscle forces balance the joint moments at every lumbar level, hip,
//! knee and ankle.

mod bracing;
mod moment_arms;
mod rows;
mod static_opt;

pub use bracing::activation_floor;
pub use moment_arms::{MuscleCrossings, MuscleJacobian, muscle_jacobian};
pub use rows::fill_problem;
pub use static_opt::{N_ROWS, RESERVE_OPTIMAL_NM, SoProblem, SoSolution, SoSolver};
