//! Writing a run's results: `summary.json`, `frames.csv` and, for a generated gait, the
//! `scene.toml` they came from (the output contract in README.md).

use lumbus_core::model::Model;
use lumbus_core::{Frame, RunOutput, Summary};
use std::io::Write;
use std::path::Path;

/// Writes `summary.json` and `frames.csv` into `dir` (created if missing).
pub fn write_run(dir: &Path, model: &Model, out: &RunOutput) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    write_summary_json(&dir.join("summary.json"), &out.summary)?;
    write_frames_csv(&dir.join("frames.csv"), model, &out.frames)
}

/// The scene a generated gait's run used, every setting spelled out (defaults included), so
/// that the results say what made them and `lumbus run DIR/scene.toml` repeats the run. (A
/// recorded trial's run is made by its files, not by a scene: it writes none.)
pub fn write_scene_toml(path: &Path, scene: &lumbus_core::Scene) -> std::io::Result<()> {
    let text = toml::to_string(scene).map_err(std::io::Error::other)?;
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(f, "# The scene of the run beside this file, every setting spelled out (written by Lumbus).")?;
    writeln!(f, "# `lumbus run scene.toml` (with the run's --solver) repeats the run.")?;
    f.write_all(text.as_bytes())?;
    f.flush()
}

pub fn write_summary_json(path: &Path, summary: &Summary) -> std::io::Result<()> {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    serde_json::to_writer_pretty(&mut f, summary)?;
    writeln!(f)?;
    f.flush()
}

const LEVELS: [&str; 5] = ["L1_L2", "L2_L3", "L3_L4", "L4_L5", "L5_S1"];
const SIDES: [&str; 2] = ["r", "l"];
const XYZ: [&str; 3] = ["x", "y", "z"];

/// Column names of `frames.csv`, each ending in its unit (`_n`, `_bw`, `_m`, `_nm`, `_deg`,
/// `_mm`, `_pct`, `_s`; `_frac` for fractions).
pub fn frames_csv_header(model: &Model) -> Vec<String> {
    let mut h = vec!["time_s".to_string(), "cycle_pct".to_string()];
    for l in LEVELS {
        for q in ["compression_n", "compression_bw", "ap_shear_n", "ap_shear_bw", "ml_shear_n", "ml_shear_bw"]
        {
            h.push(format!("{l}_{q}"));
        }
        for q in
            ["facet_right_n", "facet_left_n", "facet_share_frac", "facet_gap_right_mm", "facet_gap_left_mm"]
        {
            h.push(format!("{l}_{q}"));
        }
        for q in ["extension_deg", "bending_deg", "rotation_deg"] {
            h.push(format!("{l}_{q}"));
        }
    }
    for s in SIDES {
        h.push(format!("hip_{s}_contact_n"));
        h.push(format!("hip_{s}_contact_bw"));
        for a in XYZ {
            h.push(format!("hip_{s}_contact_{a}_n"));
        }
        for a in XYZ {
            h.push(format!("hip_{s}_moment_{a}_nm"));
        }
        for a in XYZ {
            h.push(format!("grf_{s}_{a}_n"));
        }
        h.push(format!("grf_{s}_vertical_bw"));
        for a in XYZ {
            h.push(format!("cop_{s}_{a}_m"));
        }
        for q in ["hip_flexion", "hip_adduction", "hip_rotation", "knee_flexion"] {
            h.push(format!("{q}_{s}_deg"));
        }
        for q in ["knee_moment", "knee_reserve", "ankle_moment", "ankle_reserve"] {
            h.push(format!("{q}_{s}_nm"));
        }
    }
    for q in [
        "pelvis_tilt_deg",
        "pelvis_list_deg",
        "pelvis_rotation_deg",
        "com_x_m",
        "com_y_m",
        "com_z_m",
        "reserve_max_nm",
    ] {
        h.push(q.to_string());
    }
    for m in &model.muscles {
        h.push(format!("{}_force_n", m.name));
    }
    h
}

fn frame_row(model: &Model, f: &Frame) -> Vec<f64> {
    let bw = model.body_weight;
    let mut r = vec![f.time_s, f.cycle_pct];
    for l in &f.levels {
        r.extend([
            l.compression_n,
            l.compression_n / bw,
            l.ap_shear_n,
            l.ap_shear_n / bw,
            l.ml_shear_n,
            l.ml_shear_n / bw,
        ]);
        r.extend([l.facet_right_n, l.facet_left_n, l.facet_share, l.facet_gap_right_mm, l.facet_gap_left_mm]);
        r.extend(l.angles_deg);
    }
    for s in 0..2 {
        let c = f.hip_contact_n[s];
        let mag = (c[0] * c[0] + c[1] * c[1] + c[2] * c[2]).sqrt();
        r.extend([mag, mag / bw]);
        r.extend(c);
        r.extend(f.hip_moment_nm[s]);
        r.extend(f.grf_n[s]);
        r.push(f.grf_n[s][1] / bw);
        r.extend(f.cop_m[s]);
        r.extend(f.hip_angles_deg[s]);
        r.push(f.knee_flexion_deg[s]);
        r.extend([f.knee_moment_nm[s], f.knee_reserve_nm[s], f.ankle_moment_nm[s], f.ankle_reserve_nm[s]]);
    }
    r.extend(f.pelvis_angles_deg);
    r.extend(f.com_m);
    r.push(f.reserve_max_nm);
    r.extend(&f.muscle_force_n);
    r
}

pub fn write_frames_csv(path: &Path, model: &Model, frames: &[Frame]) -> std::io::Result<()> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(frames_csv_header(model))?;
    for f in frames {
        w.write_record(frame_row(model, f).iter().map(|v| format!("{v}")))?;
    }
    w.flush()
}
