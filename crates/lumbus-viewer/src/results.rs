//! Playback of a finished `lumbus run`: its `summary.json` says which scene and subject it was,
//! its `frames.csv` holds the loads; the skeleton's motion is regenerated from the scene (the
//! files hold loads and angles, not the full pose).

use crate::sim::Sim;
use lumbus_core::params::{LEVEL_NAMES, Sex};
use lumbus_core::{Frame, Scene};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// `path` is the output folder, its `summary.json` or its `frames.csv`.
pub fn load_run(path: &Path, scenes_dir: &Path) -> Result<Sim, String> {
    let dir = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let summary_path = dir.join("summary.json");
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&summary_path).map_err(|e| format!("{}: {e}", summary_path.display()))?,
    )
    .map_err(|e| format!("{}: {e}", summary_path.display()))?;
    // The run's own scene when it wrote one (every setting), else rebuilt from the summary.
    let scene_path = dir.join("scene.toml");
    let scene = if scene_path.exists() {
        lumbus_io::load_scene(&scene_path).map_err(|e| e.to_string())?
    } else {
        scene_of(&summary, scenes_dir)
    };
    let mut sim = Sim::compute(scene)?;
    let frames = read_frames(&dir.join("frames.csv"))?;
    if frames.is_empty() {
        return Err("frames.csv has no frames".into());
    }
    // One cycle, as the viewer loops a cycle; the file's times set the period.
    let n = (summary["gait"]["frames"].as_u64().unwrap_or(frames.len() as u64) as usize)
        .min(frames.len())
        .min(sim.scene.gait.frames_per_cycle as usize)
        .max(1);
    sim.frames = frames.into_iter().take(n).collect();
    if let Some(bw) = summary["subject"]["body_weight_n"].as_f64() {
        sim.body_weight = bw;
    }
    Ok(sim)
}

/// A run without its `scene.toml` (written before Lumbus wrote one): the preset of that name when
/// there is one (all its settings), else the subject and gait the summary records.
fn scene_of(summary: &serde_json::Value, scenes_dir: &Path) -> Scene {
    let name = summary["scene"].as_str().unwrap_or("run");
    let preset: PathBuf = scenes_dir.join(format!("{name}.toml"));
    if let Ok(s) = lumbus_io::load_scene(&preset) {
        return s;
    }
    let mut s = Scene { name: name.to_string(), ..Scene::default() };
    let (subject, gait) = (&summary["subject"], &summary["gait"]);
    if let Some(m) = subject["mass_kg"].as_f64() {
        s.subject.mass_kg = m;
    }
    if let Some(h) = subject["height_m"].as_f64() {
        s.subject.height_m = h;
    }
    if subject["sex"].as_str() == Some("female") {
        s.subject.sex = Sex::Female;
    }
    if let Some(x) = gait["stride_m"].as_f64().filter(|x| *x > 0.0) {
        s.gait.stride_m = x;
    }
    if let Some(x) = gait["cadence_spm"].as_f64() {
        s.gait.cadence_spm = x;
    }
    s.gait.step_width_m = gait["step_width_m"].as_f64().filter(|x| *x > 0.0);
    if let Some(x) = gait["frames"].as_u64().filter(|&x| x >= 20) {
        s.gait.frames_per_cycle = x as u32 / s.gait.cycles.max(1);
    }
    s
}

/// The columns the viewer shows, by the names `lumbus run` writes.
fn read_frames(path: &Path) -> Result<Vec<Frame>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut lines = text.lines();
    let header: HashMap<&str, usize> =
        lines.next().ok_or("empty frames.csv")?.split(',').enumerate().map(|(i, h)| (h, i)).collect();
    let col = |name: &str| header.get(name).copied().ok_or(format!("frames.csv has no column {name}"));
    let mut frames = Vec::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let v: Vec<f64> = line.split(',').map(|x| x.trim().parse().unwrap_or(0.0)).collect();
        let get = |name: &str| col(name).map(|i| v.get(i).copied().unwrap_or(0.0));
        let mut f = Frame { time_s: get("time_s")?, cycle_pct: get("cycle_pct")?, ..Frame::default() };
        for (k, name) in LEVEL_NAMES.iter().enumerate() {
            let l = &mut f.levels[k];
            l.compression_n = get(&format!("{name}_compression_n"))?;
            l.facet_right_n = get(&format!("{name}_facet_right_n"))?;
            l.facet_left_n = get(&format!("{name}_facet_left_n"))?;
        }
        for (s, side) in ["r", "l"].iter().enumerate() {
            for (c, axis) in ["x", "y", "z"].iter().enumerate() {
                f.hip_contact_n[s][c] = get(&format!("hip_{side}_contact_{axis}_n"))?;
                f.grf_n[s][c] = get(&format!("grf_{side}_{axis}_n"))?;
                f.cop_m[s][c] = get(&format!("cop_{side}_{axis}_m"))?;
            }
        }
        frames.push(f);
    }
    Ok(frames)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_lumbus_run_writes() {
        let scene = Scene { name: "not_a_preset".into(), ..Scene::default() };
        let engine = lumbus_core::Engine::new(&scene).unwrap();
        let out = engine.run().unwrap();
        let dir = tempfile::tempdir().unwrap();
        lumbus_io::results::write_run(dir.path(), &engine.model, &out).unwrap();
        let sim = load_run(&dir.path().join("summary.json"), dir.path()).unwrap();
        assert_eq!(sim.frames.len(), out.frames.len());
        for (a, b) in sim.frames.iter().zip(&out.frames) {
            assert!((a.levels[3].compression_n - b.levels[3].compression_n).abs() < 1e-2);
            assert!((a.grf_n[0][1] - b.grf_n[0][1]).abs() < 1e-2);
        }
    }

    /// A run's `scene.toml` brings back every setting, not just subject and gait: an edited
    /// scene (not a preset) with a backpack and a weak gluteus medius plays back as itself.
    #[test]
    fn plays_back_an_edited_scene_with_all_its_settings() {
        let mut scene = Scene { name: "edited".into(), ..Scene::default() };
        scene.load.backpack_kg = 9.0;
        scene.strength.gluteus_medius = 0.5;
        let engine = lumbus_core::Engine::new(&scene).unwrap();
        let out = engine.run().unwrap();
        let dir = tempfile::tempdir().unwrap();
        lumbus_io::write_run(dir.path(), &engine.model, &out).unwrap();
        lumbus_io::write_scene_toml(&dir.path().join("scene.toml"), &scene).unwrap();
        let sim = load_run(dir.path(), dir.path()).unwrap();
        assert_eq!(sim.scene, scene);
    }
}
