//! Lumbus parameter sweeps.
//!
//! A sweep file (TOML) names a base scene and axes over any scene parameter by its dotted path;
//! [`Sweep`] expands them into configurations with stable ids (their index in a fixed order), and
//! [`run`] evaluates them in parallel (rayon), streaming one row per finished configuration to an
//! append-only journal, so a killed sweep resumes where it stopped. At the end the rows are
//! written sorted by id to `results.csv` and `results.parquet`: the same bytes whatever the
//! thread count or completion order. `--shard i/N` runs a deterministic part and [`merge`] joins
//! the parts; [`plot`] draws heatmaps and per-level series.
//!
//! Invariants:
//! - every configuration is validated before anything runs (unknown parameters, wrong types and
//!   out-of-range values are refused with the file, axis, line and the allowed range);
//! - rows are computed independently and formatted with Rust's shortest round-trip `{}`, and the
//!   table is sorted by id, so a row never depends on which thread ran it or when;
//! - no row is kept in memory: rows go to the journal as they finish and the table is written
//!   from the journal through an index of byte offsets, in bounded batches for Parquet.

pub mod claims;
mod columns;
pub mod compare;
mod compare_plot;
mod error;
pub mod hip_floor;
mod journal;
mod merge;
pub mod plot;
mod progress;
mod rng;
mod runner;
mod spec;
mod table;
pub mod validation;

pub use columns::{Column, Kind};
pub use error::{Error, Result};
pub use merge::{MergeReport, merge};
pub use progress::ProgressMode;
pub use runner::{Evaluated, Options, Report, evaluate, run, run_with};
pub use spec::{Axis, AxisKind, DEFAULT_LIMIT, DEFAULT_SWEEP, Shard, Sweep};
pub use table::{Manifest, read_manifest};

/// File names inside an output folder.
pub mod files {
    /// The sorted summary table, one row per configuration.
    pub const RESULTS_CSV: &str = "results.csv";
    pub const RESULTS_PARQUET: &str = "results.parquet";
    /// What was swept, its fingerprint and whether the table is complete.
    pub const MANIFEST: &str = "sweep.json";
    /// Rows in completion order, appended as configurations finish (what a resume reads).
    pub const JOURNAL: &str = "journal.csv";
    /// Per-frame series of selected configurations: `frames/config_<id>.csv`.
    pub const FRAMES_DIR: &str = "frames";
    pub(crate) const LOCK: &str = ".lock";

    pub fn frames_csv(dir: &std::path::Path, id: u64) -> std::path::PathBuf {
        dir.join(FRAMES_DIR).join(format!("config_{id}.csv"))
    }
}
