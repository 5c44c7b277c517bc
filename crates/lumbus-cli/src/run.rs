//! `lumbus run`.

use crate::table::print_summary;
use lumbus_core::{Engine, Scene};
use std::path::Path;

pub fn run(scene_path: Option<&Path>, out: &Path) -> Result<(), String> {
    let scene = match scene_path {
        Some(p) => lumbus_io::load_scene(p).map_err(|e| e.to_string())?,
        None => Scene::default(),
    };
    let engine = Engine::new(&scene).map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    let output = engine.run().map_err(|e| format!("{}: {e}", scene.name))?;
    let elapsed = started.elapsed();
    print_summary(&output.summary);
    lumbus_io::write_run(out, &engine.model, &output)
        .map_err(|e| format!("{}: cannot write results: {e}", out.display()))?;
    println!(
        "\n{} frames in {:.1} ms. Wrote {} and {}",
        output.frames.len(),
        elapsed.as_secs_f64() * 1e3,
        out.join("summary.json").display(),
        out.join("frames.csv").display()
    );
    Ok(())
}
