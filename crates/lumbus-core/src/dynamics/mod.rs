//! Inverse dynamics: the net wrench across every joint cut, and the ground reaction forces.

mod cuts;
mod grf;
mod impact;
mod wrench;

pub use cuts::{CUT_HIP, CUT_LEVEL, Cut, N_CUTS, cuts};
pub use grf::{FootLoad, GroundReaction, ground_reaction};
pub use impact::{add_impact_ground, add_impact_wrenches};
pub use wrench::{Wrench, segment_wrenches};
