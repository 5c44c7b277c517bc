//! Inverse dynamics: the net wrench across every joint cut (lumbar levels, hips, knees, ankles),
//! and the ground reaction forces.

mod cuts;
mod grf;
mod impact;
mod wrench;

pub use cuts::{CUT_ANKLE, CUT_HIP, CUT_KNEE, CUT_LEVEL, Cut, N_CUTS, N_MOMENT_ROWS, cuts, row_name};
pub use grf::{FootLoad, GroundReaction, ground_reaction};
pub use impact::{add_impact_ground, add_impact_wrenches};
pub use wrench::{Wrench, segment_wrenches};
