//! Helpers shared by the integration tests.
#![allow(dead_code)]

use lumbus::core::{Engine, RunOutput, Scene};
use std::path::Path;

/// A scene from the repository's `scenes/` folder.
pub fn scene(name: &str) -> Scene {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenes").join(format!("{name}.toml"));
    lumbus::io::load_scene(&path).unwrap_or_else(|e| panic!("{e}"))
}

pub fn run(scene: &Scene) -> (Engine, RunOutput) {
    let engine = Engine::new(scene).expect("valid scene");
    let out = engine.run().unwrap_or_else(|e| panic!("{}: {e}", scene.name));
    (engine, out)
}

/// Local maxima of a periodic series above `floor`, as (index, value).
pub fn peaks(series: &[f64], floor: f64) -> Vec<(usize, f64)> {
    let n = series.len();
    (0..n)
        .filter(|&i| {
            let (a, b, c) = (series[(i + n - 1) % n], series[i], series[(i + 1) % n]);
            b > floor && b >= a && b > c
        })
        .map(|i| (i, series[i]))
        .collect()
}

/// OpenSim's gait2392 joint-reaction example trial as its setup files run it: the recorded
/// kinematics unfiltered, 0.5–2.0 s (1500 frames), the default foot mapping (gait2392's own
/// `foot_floor_loads.xml` is refused: its right foot names the left foot's torque columns).
pub fn gait2392_trial() -> lumbus::io::recorded::trial::RecordedTrial {
    use lumbus::io::recorded::trial::{RecordedTrial, TrialFiles};
    let data = |f: &str| {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/opensim/gait2392_jointreaction").join(f)
    };
    RecordedTrial::read(&TrialFiles {
        motion: data("subject01_walk1_Kinematics.sto"),
        grf: data("subject01_walk1_grf.mot"),
        grf_map: None,
        model: data("subject01_simbody_adjusted_StaticOp.osim"),
        filter_hz: None,
        time_range: Some((0.5, 2.0)),
    })
    .unwrap_or_else(|e| panic!("{e}"))
}
