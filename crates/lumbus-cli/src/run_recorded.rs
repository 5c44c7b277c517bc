//! `lumbus run --motion … --grf … --model …`: a recorded trial through the pipeline.

use std::path::{Path, PathBuf};

use clap::Args;
use lumbus_core::recorded::{run_recorded, subject_scene};
use lumbus_core::{Engine, Scene};
use lumbus_io::recorded::sto_writer::{write_joint_moments, write_lumbar_loads};
use lumbus_io::recorded::trial::{RecordedTrial, TrialFiles};

use crate::table::print_summary;

/// A recorded trial (OpenSim files).
#[derive(Args, Debug, Clone, Default)]
pub struct RecordedArgs {
    /// Joint angles from inverse kinematics (`.mot`/`.sto`, bare or path labels). Runs the
    /// recorded trial instead of a scene's generated gait.
    #[arg(long, requires_all = ["grf", "model"], conflicts_with = "scene")]
    pub motion: Option<PathBuf>,
    /// Ground reaction forces: an OpenSim table (`.mot`), mapped onto the feet by `--grf-map`
    /// or the default mapping; or a `.c3d`, whose plates are assigned to the feet by the
    /// calcaneus markers (lab Z up taken as OpenSim's Y).
    #[arg(long, requires = "motion")]
    pub grf: Option<PathBuf>,
    /// ExternalLoads `.xml` saying which GRF columns load which body.
    #[arg(long, requires = "motion")]
    pub grf_map: Option<PathBuf>,
    /// The subject's OpenSim model (`.osim`): bodies, joints, masses.
    #[arg(long, requires = "motion")]
    pub model: Option<PathBuf>,
    /// Low-pass cut-off for the coordinates, Hz (OpenSim's inverse-dynamics setup uses 6);
    /// 0 disables filtering.
    #[arg(long, default_value_t = 6.0, requires = "motion")]
    pub filter_hz: f64,
    /// Report only frames between these times, s (the whole motion is still filtered, as
    /// OpenSim does).
    #[arg(long, num_args = 2, value_names = ["START", "END"], requires = "motion")]
    pub time_range: Option<Vec<f64>>,
}

pub fn run(args: &RecordedArgs, out: &Path) -> Result<(), String> {
    let (Some(motion), Some(grf), Some(model)) = (&args.motion, &args.grf, &args.model) else {
        return Err("--motion needs --grf and --model".into());
    };
    let files = TrialFiles {
        motion: motion.clone(),
        grf: grf.clone(),
        grf_map: args.grf_map.clone(),
        model: model.clone(),
        filter_hz: (args.filter_hz > 0.0).then_some(args.filter_hz),
        time_range: args.time_range.as_deref().map(|r| (r[0], r[1])),
    };
    let trial = RecordedTrial::read(&files).map_err(|e| e.to_string())?;
    let mut scene = subject_scene(&trial.multibody, &Scene::default())
        .map_err(|e| format!("{}: {e}", model.display()))?;
    scene.name = motion.file_stem().map_or("recorded".into(), |s| s.to_string_lossy().into_owned());
    let engine = Engine::new(&scene).map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    let output = run_recorded(&engine, &trial.frames()).map_err(|e| format!("{}: {e}", motion.display()))?;
    let elapsed = started.elapsed();
    print_summary(&output.run.summary, &[]);
    let write_err = |e: std::io::Error| format!("{}: cannot write results: {e}", out.display());
    lumbus_io::write_run(out, &engine.model, &output.run).map_err(write_err)?;
    let coords: Vec<(String, bool)> =
        trial.multibody.coordinates.iter().map(|c| (c.name.clone(), c.translational)).collect();
    write_joint_moments(&out.join("joint_moments.sto"), &coords, &trial.times, &output.generalized_forces)
        .map_err(write_err)?;
    write_lumbar_loads(&out.join("lumbar_loads.sto"), &output.run.frames).map_err(write_err)?;
    let residual = output.run.summary.consistency_force_n;
    say!(
        "\nRecorded subject: {:.1} kg, height {:.2} m (estimated from the leg length). \
         Lumbar levels L1–L2…L5–S1 are derived from the recording's single back joint by the \
         model's lumbar rhythm.\nPelvis residual (measured GRF vs kinematics), max: {residual:.1} N.",
        scene.subject.mass_kg,
        scene.subject.height_m
    );
    say!(
        "{} frames in {:.1} ms. Wrote summary.json, frames.csv, joint_moments.sto, lumbar_loads.sto to {}",
        output.run.frames.len(),
        elapsed.as_secs_f64() * 1e3,
        out.display()
    );
    Ok(())
}
