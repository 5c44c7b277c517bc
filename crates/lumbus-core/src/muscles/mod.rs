//! Muscle sharing: which muscle forces balance the joint moments at every lumbar level and hip.

mod bracing;
mod moment_arms;
mod static_opt;

pub use bracing::activation_floor;
pub use moment_arms::{MuscleJacobian, muscle_jacobian};
pub use static_opt::{N_ROWS, RESERVE_OPTIMAL_NM, SoProblem, SoSolution, SoSolver};
