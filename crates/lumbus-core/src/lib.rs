//! The Lumbus engine.
//!
//! A rigid-body model of the lumbar spine (L1–L5, sacrum), pelvis and legs walks through a
//! gait cycle; at every frame the engine computes the net joint wrenches (inverse dynamics),
//! shares them among muscles (static optimisation), and reports the load at every lumbar level
//! (compression, shear) and on every facet joint. See `ARCHITECTURE.md` for the map.
//!
//! ```
//! let out = lumbus_core::run(&lumbus_core::Scene::default()).unwrap();
//! let l4l5 = out.summary.level("L4_L5");
//! assert!(l4l5.compression_peak_bw > 0.5);
//! ```

// Index loops over parallel per-level and per-side arrays read more plainly than zipped
// iterators in the mechanics.
#![allow(clippy::needless_range_loop)]

pub mod dynamics;
pub mod gait;
pub mod jet;
pub mod loads;
pub mod model;
pub mod muscles;
pub mod params;
pub mod pipeline;
pub mod recorded;
pub mod results;
pub mod warnings;

pub use params::*;
pub use pipeline::{Engine, RunError, RunOutput, Workspace, run};
pub use results::{Frame, ImpactSummary, LevelFrame, LevelSummary, Summary};
