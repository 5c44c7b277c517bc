//! `lumbus`: run a scene and report lumbar, facet and hip loads.

/// `println!` that a closed pipe (`lumbus run | head`) does not turn into a panic: the text
/// has nowhere to go, but the command carries on and writes its files.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod claims;
mod compare;
mod merge;
mod plot;
mod run;
mod run_recorded;
mod sweep;
mod table;
mod validate;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "lumbus", version, about = "Lumbar and facet joint loads in walking gait")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Walk a subject through a scene and report the load at every lumbar level, facet and hip.
    Run {
        /// Scene file (TOML); without one, the built-in default scene (73 kg, 1.75 m, stride
        /// 1.4 m, 110 steps/min).
        scene: Option<PathBuf>,
        /// Output folder for summary.json, frames.csv and, for a scene's gait, scene.toml (the scene as run).
        #[arg(long, default_value = "lumbus-out")]
        out: PathBuf,
        #[command(flatten)]
        recorded: run_recorded::RecordedArgs,
        /// `inverse`: inverse dynamics on the planned gait; `forward`: the skeleton simulated in
        /// rapier3d tracking the gait, ground reactions from contact (adds forward.json).
        #[arg(long, value_enum, default_value_t = run::Solver::Inverse)]
        solver: run::Solver,
    },
    /// Run a parameter sweep in parallel: one summary row per configuration, in CSV and Parquet,
    /// resumable after a kill, optionally one shard of it.
    Sweep(sweep::SweepArgs),
    /// Join the output folders of a sweep's shards into one table, equal to a single run's.
    Merge {
        /// Folder for the merged table.
        out: PathBuf,
        /// The shards' output folders (every shard of the sweep, any order).
        #[arg(required = true)]
        shards: Vec<PathBuf>,
    },
    /// Run a base scene and variants and set them side by side: per-level peak and mean
    /// compression, shear, facet force and share, hip and sacroiliac load, load per metre
    /// walked, with the % change from the base; writes CSV, Markdown and a plot of the curves.
    Compare {
        /// The base scene, then one or more variants (TOML).
        #[arg(required = true, num_args = 2..)]
        scenes: Vec<PathBuf>,
        /// Output folder for comparison.csv, comparison.md and curves.png.
        #[arg(long, default_value = "lumbus-compare")]
        out: PathBuf,
        /// Print every metric at every level (the files always have them all).
        #[arg(long)]
        all: bool,
    },
    /// Answer popular claims about walking and back load (stride, cadence, posture, backpack,
    /// bracing, ...) from a claims manifest: writes DIR/claims.md with plots.
    Claims {
        /// The claims manifest.
        #[arg(long, default_value = "scenes/claims/claims.toml")]
        manifest: PathBuf,
        /// Output folder for claims.md and its plots.
        #[arg(long, default_value = "lumbus-claims")]
        out: PathBuf,
    },
    /// Check the engine against published measurements: the shipped scenes' numbers beside
    /// each band, its source and the test that holds it; writes DIR/validation.md and .csv.
    Validate {
        /// Output folder for validation.md and validation.csv.
        #[arg(long, default_value = "lumbus-validation")]
        out: PathBuf,
    },
    /// Plot a sweep's results: a heatmap over two axes, or per-level series over the gait cycle.
    Plot {
        #[command(subcommand)]
        what: plot::PlotCommand,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run { solver: run::Solver::Forward, recorded, .. } if recorded.motion.is_some() => {
            Err("--solver forward drives generated gaits only; a recorded trial (--motion) runs \
                 with the inverse solver"
                .into())
        }
        Command::Run { out, recorded, .. } if recorded.motion.is_some() => run_recorded::run(&recorded, &out),
        Command::Run { scene, out, solver, .. } => run::run(scene.as_deref(), &out, solver),
        Command::Sweep(args) => sweep::sweep(&args),
        Command::Merge { out, shards } => merge::merge(&out, &shards),
        Command::Plot { what } => plot::plot(&what),
        Command::Compare { scenes, out, all } => compare::compare(&scenes, &out, all),
        Command::Claims { manifest, out } => claims::claims(&manifest, &out),
        Command::Validate { out } => validate::validate(&out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
