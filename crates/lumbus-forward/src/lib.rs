//! The forward path: the Lumbus skeleton as a rapier3d world tracking the planned gait with
//! explicit joint torques (inverse-dynamics feedforward + PD feedback), feet in frictional
//! contact with the ground. Ground reactions come from the contact solver; joint loads from the
//! engine's own Newton–Euler on the simulated motion (`Engine::frame_at`), never from rapier's
//! joint impulses (see ../shared/DESIGN.md, "Known rapier facts").
//!
//! Files: `world.rs` builds the world, `targets.rs` tabulates what is tracked, `controller.rs`
//! computes the torques, `contact.rs` reads the ground reaction, `simulate.rs` runs the loop and
//! turns the simulated motion into engine frames; `live.rs` steps the same world on demand for
//! the viewer (pushes, friction changes).

// Index loops over parallel per-segment arrays read more plainly than zipped iterators in the
// mechanics (as in lumbus-core).
#![allow(clippy::needless_range_loop)]

mod contact;
mod controller;
mod convert;
mod filter;
mod live;
mod simulate;
mod targets;
mod world;

pub use contact::{ContactEvent, EVENT_THRESHOLD_N, foot_load};
pub use controller::Gains;
pub use live::{FRICTION_RANGE, LiveOptions, LiveSim};
pub use simulate::{ForwardOptions, ForwardOutput, JOINT_NAMES, TrackingError, forward_scene, simulate};
pub use targets::{TABLE_MAX_DT, joint_moments, tabulate};
pub use world::FRICTION;
