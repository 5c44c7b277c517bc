//! The gait generator: walking kinematics from a measured cycle, scaled to the requested stride
//! and cadence, as exact functions of time (so velocities and accelerations are analytic).

mod foot;
mod fourier;
pub mod impact;
mod plan;
mod pose;
pub mod template_data;

pub use foot::FootPath;
pub use impact::{ImpactLoad, ImpactModel};
pub use plan::GaitPlan;
pub use pose::{Contact, LumbarChain, Pose, SpineGeometry};
