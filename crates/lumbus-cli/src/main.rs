//! `lumbus`: run a scene and report lumbar, facet and hip loads.

mod run;
mod table;

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
        /// Output folder for summary.json and frames.csv.
        #[arg(long, default_value = "lumbus-out")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run { scene, out } => run::run(scene.as_deref(), &out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
