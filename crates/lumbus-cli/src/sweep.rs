//! `lumbus sweep`: parses the sweep, runs it with lumbus-batch, reports, draws the heatmap.

use lumbus_batch::plot::{HeatmapOptions, heatmap};
use lumbus_batch::{AxisKind, DEFAULT_LIMIT, Options, ProgressMode, Shard, Sweep};
use std::path::PathBuf;

/// The column the end-of-run heatmap shows.
const HEATMAP_COLUMN: &str = "L4_L5_compression_peak_bw";

#[derive(clap::Args)]
pub struct SweepArgs {
    /// Sweep file (TOML). Without one, the built-in default: stride 1.0–1.8 m × cadence 90–130
    /// steps/min × gluteus medius strength 1.0–0.4, 315 configurations
    /// (scenes/sweeps/default.toml).
    pub file: Option<PathBuf>,
    /// Output folder: results.csv, results.parquet, sweep.json, journal.csv, frames/. Running
    /// the same sweep into the same folder again resumes it.
    #[arg(long, default_value = "lumbus-sweep")]
    pub out: PathBuf,
    /// Worker threads (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Run part I of N (0 ≤ I < N): the configurations whose id % N = I. Join the parts with
    /// `lumbus merge`.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
    /// Also write the per-frame series of these configurations (frames/config_ID.csv).
    #[arg(long, value_delimiter = ',', value_name = "ID,ID")]
    pub frames: Vec<u64>,
    /// Run a sweep of more than 100000 configurations.
    #[arg(long)]
    pub force: bool,
    /// Progress display: auto (a bar on a terminal, log lines otherwise), bar, log or none.
    #[arg(long, default_value = "auto", value_parser = parse_progress)]
    pub progress: ProgressMode,
    /// Don't draw the heatmap at the end.
    #[arg(long)]
    pub no_plot: bool,
}

fn parse_progress(s: &str) -> Result<ProgressMode, String> {
    match s {
        "auto" => Ok(ProgressMode::Auto),
        "bar" => Ok(ProgressMode::Bar),
        "log" => Ok(ProgressMode::Log),
        "none" => Ok(ProgressMode::Quiet),
        _ => Err(format!("`{s}`: expected auto, bar, log or none")),
    }
}

pub fn sweep(a: &SweepArgs) -> Result<(), String> {
    let sweep = match &a.file {
        Some(p) => Sweep::load(p).map_err(|e| e.to_string())?,
        None => Sweep::builtin_default(),
    };
    sweep.check_limit(DEFAULT_LIMIT, a.force).map_err(|e| e.to_string())?;
    let part = a.shard.map(|s| format!(" (shard {s}: {} of them)", s.len(sweep.count()))).unwrap_or_default();
    say!("Sweep `{}` from {}: {} configurations{part}", sweep.name, sweep.origin, sweep.count());
    for axis in &sweep.axes {
        say!("  {}", axis.describe());
    }
    let opts = Options {
        out: a.out.clone(),
        threads: a.threads,
        shard: a.shard,
        frames: a.frames.clone(),
        progress: a.progress,
        shuffle: None,
    };
    let r = lumbus_batch::run(&sweep, &opts).map_err(|e| e.to_string())?;
    let resumed = if r.already_done > 0 {
        format!(" ({} were already done, {} run now)", r.already_done, r.ran)
    } else {
        String::new()
    };
    say!(
        "Done in {:.1} s on {} threads: {} configurations, {} succeeded, {} failed{resumed}.",
        r.elapsed.as_secs_f64(),
        r.threads,
        r.configurations,
        r.ok,
        r.failed
    );
    if let Some((id, e)) = &r.first_failure {
        say!("  first failure: configuration {id}: {e} (each failure's reason is in the `error` column)");
    }
    if let Some((id, w)) = &r.first_warning {
        say!(
            "  {} of {} configurations carry warnings (the `warnings` column); the first, configuration {id}: {w}",
            r.warned,
            r.configurations
        );
    }
    say!("Table: {} and {}", r.results_csv.display(), r.results_parquet.display());
    for f in &r.frames {
        say!("Frames: {}", f.display());
    }
    if a.shard.is_some() {
        say!("When every shard is done: lumbus merge OUT_DIR SHARD_DIRS...");
        return Ok(());
    }
    let grid = |i: usize| sweep.axes.get(i).is_some_and(|x| !matches!(x.kind, AxisKind::Random { .. }));
    if !a.no_plot && grid(0) && grid(1) {
        match heatmap(&HeatmapOptions::new(&a.out, HEATMAP_COLUMN)) {
            Ok(p) => say!("Heatmap: {}", p.display()),
            Err(e) => eprintln!("warning: no heatmap: {e}"),
        }
    }
    Ok(())
}
