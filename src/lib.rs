//! Lumbus: lumbar and facet loads in walking gait.
//!
//! This facade re-exports the engine ([`core`]) and its file formats ([`io`]).
pub use lumbus_core as core;
pub use lumbus_io as io;
