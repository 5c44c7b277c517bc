//! Loads on the spine and hips: joint reactions, and how each lumbar level shares its load
//! between the disc and the two facet joints.

mod facets;
mod reactions;
pub mod sacroiliac;

pub use facets::{FacetResult, FacetSolver};
pub use reactions::{LevelLoad, level_load};
pub use sacroiliac::sacroiliac_force;
