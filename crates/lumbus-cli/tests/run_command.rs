//! `lumbus run` end to end: the default scene, the output contract, and refusing bad scenes.

use std::path::Path;
use std::process::Command;

fn lumbus(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lumbus")).args(args).output().expect("run lumbus");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("lumbus-cli-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A fresh folder holding `name.toml` with `text`: the scene's path and an output folder.
fn scene_file(name: &str, text: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = temp_dir(name);
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, text).unwrap();
    (path, dir.join("out"))
}

/// A JSON file a run wrote.
fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn default_run_prints_the_table_and_writes_the_contract() {
    let dir = temp_dir("default");
    let out = dir.join("out");
    let (ok, stdout, stderr) = lumbus(&["run", "--out", out.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    for level in ["L1–L2", "L2–L3", "L3–L4", "L4–L5", "L5–S1"] {
        assert!(stdout.contains(level), "{stdout}");
    }
    assert!(stdout.contains("Hip contact peak") && stdout.contains("summary.json"), "{stdout}");
    // Whoever reads the numbers is pointed to how far to trust them.
    assert!(stdout.contains("`lumbus validate`"), "{stdout}");
    assert!(
        !stdout.contains("Settings other than the defaults"),
        "the default scene changes nothing: {stdout}"
    );
    // Compression peak and mean, AP and ML shear peaks: each in newtons with body weights in
    // brackets, the newtons matching the body weights (73 kg: 716 N per BW).
    let row = stdout.lines().find(|l| l.starts_with("L4–L5")).expect("an L4–L5 row");
    let cells: Vec<(f64, f64)> = row
        .split(')')
        .filter_map(|c| c.split_once('('))
        .map(|(n, b)| (n.split_whitespace().last().unwrap().parse().unwrap(), b.trim().parse().unwrap()))
        .collect();
    assert_eq!(cells.len(), 4, "{row}");
    for (n, b) in cells {
        assert!((n - b * 73.0 * 9.81).abs() <= 0.5 + 0.005 * 716.0, "{n} N vs {b} BW in {row}");
    }
    let summary = read_json(&out.join("summary.json"));
    for key in [
        "subject",
        "gait",
        "levels",
        "hip_contact_peak_bw",
        "grf_vertical_peak_bw",
        "compression_impulse_per_m",
        "reserves",
    ] {
        assert!(summary.get(key).is_some(), "summary.json lacks {key}");
    }
    for key in ["speed_mps", "froude", "stride_m", "cadence_spm"] {
        assert!(summary["gait"][key].is_number(), "gait.{key}");
    }
    assert_eq!(summary["warnings"], serde_json::json!([]), "the default walk needs no warning");
    // Every muscle group's peak activation, a fraction of its maximum.
    let act = summary["muscle_peak_activation"].as_object().expect("muscle_peak_activation");
    for g in ["gluteus_medius", "gluteus_minimus", "erector_spinae", "multifidus", "psoas", "leg"] {
        let a = act[g].as_f64().unwrap_or_else(|| panic!("{g}"));
        assert!((0.0..=1.0 + 1e-9).contains(&a), "{g}: {a}");
    }
    assert!(stdout.contains("Peak activation, the three highest muscle groups:"), "{stdout}");
    for level in ["L1_L2", "L2_L3", "L3_L4", "L4_L5", "L5_S1"] {
        for key in [
            "compression_peak_n",
            "compression_peak_bw",
            "compression_mean_bw",
            "ap_shear_peak_bw",
            "ml_shear_peak_bw",
            "facet_left_peak_n",
            "facet_right_peak_n",
            "facet_share_mean",
        ] {
            assert!(summary["levels"][level][key].is_number(), "levels.{level}.{key}");
        }
    }
    for side in ["left", "right"] {
        assert!(summary["hip_contact_peak_bw"][side].is_number());
        assert!(summary["grf_vertical_peak_bw"][side].is_number());
    }
    // frames.csv: a header naming each column with its unit, one row per frame.
    let csv = std::fs::read_to_string(out.join("frames.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let units = ["_s", "_pct", "_n", "_bw", "_deg", "_mm", "_m", "_nm", "_frac"];
    for h in &header {
        assert!(units.iter().any(|u| h.ends_with(u)), "column {h} has no unit suffix");
    }
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), summary["gait"]["frames"].as_u64().unwrap() as usize);
    assert!(rows.iter().all(|r| r.split(',').count() == header.len()));
    // scene.toml: the run's scene, every setting spelled out; running it repeats the run.
    let again = dir.join("again");
    let (ok, _, stderr) =
        lumbus(&["run", out.join("scene.toml").to_str().unwrap(), "--out", again.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    for file in ["summary.json", "frames.csv", "scene.toml"] {
        let (a, b) = (std::fs::read(out.join(file)).unwrap(), std::fs::read(again.join(file)).unwrap());
        assert!(a == b, "{file} differs when the written scene is run again");
    }
}

/// A walk faster than people walk (past the walk–run transition, Froude 0.5) runs, and says
/// that its loads are an extrapolation: on screen and in summary.json.
#[test]
fn a_walk_past_the_walk_run_transition_runs_with_a_warning() {
    let (path, out) = scene_file("fast", "name = \"fast\"\n[gait]\nstride_m = 2.0\ncadence_spm = 150\n");
    let (ok, stdout, stderr) = lumbus(&["run", path.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("Warning: walking at a Froude number of 0.69"), "{stdout}");
    let summary = read_json(&out.join("summary.json"));
    assert!((summary["gait"]["froude"].as_f64().unwrap() - 0.69).abs() < 0.005, "{}", summary["gait"]);
    let warnings = summary["warnings"].as_array().unwrap();
    assert!(warnings.iter().any(|w| w.as_str().unwrap().contains("Froude")), "{}", summary["warnings"]);
}

/// `lumbus run | head`: a reader that stops early costs the text, not the run. The command
/// still succeeds and writes its files, with no panic on stderr.
#[test]
fn a_closed_stdout_does_not_lose_the_results() {
    use std::process::Stdio;
    let dir = temp_dir("pipe");
    let out = dir.join("out");
    let child = Command::new(env!("CARGO_BIN_EXE_lumbus"))
        .args(["run", "--out", out.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run lumbus");
    // Close the reading end before the run prints anything.
    let mut child = child;
    drop(child.stdout.take());
    let done = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(done.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.join("summary.json").exists() && out.join("frames.csv").exists());
}

/// Runs a scene file with `text`, expects failure, returns stderr.
fn refuse(name: &str, text: &str) -> String {
    let (path, out) = scene_file(name, text);
    let (ok, _, stderr) = lumbus(&["run", path.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(!ok, "{name} was accepted");
    assert!(stderr.contains(&format!("{name}.toml")), "no file name in: {stderr}");
    assert!(!out.join("summary.json").exists(), "{name} wrote results");
    stderr
}

#[test]
fn unknown_field_is_refused_with_its_line() {
    let e = refuse("unknown", "[gait]\nstride_m = 1.4\ncadense_spm = 100\n");
    assert!(e.contains("line 3") && e.contains("cadense_spm") && e.contains("cadence_spm"), "{e}");
}

#[test]
fn missing_field_is_refused() {
    let e = refuse("missing", "[subject]\nmass_kg = 70.0\nsex = \"female\"\n");
    assert!(e.contains("height_m"), "{e}");
}

#[test]
fn zero_cadence_is_refused_with_the_allowed_range() {
    let e = refuse("cadence", "[gait]\ncadence_spm = 0\n");
    assert!(e.contains("line 2") && e.contains("gait.cadence_spm") && e.contains("60 to 150"), "{e}");
}

#[test]
fn negative_mass_is_refused() {
    let e = refuse("mass", "[subject]\nmass_kg = -70.0\nheight_m = 1.7\nsex = \"male\"\n");
    assert!(e.contains("line 2") && e.contains("subject.mass_kg") && e.contains("30 to 200"), "{e}");
}

#[test]
fn strength_above_one_is_refused() {
    let e = refuse("strength", "[strength]\ngluteus_medius = 1.5\n");
    assert!(e.contains("strength.gluteus_medius") && e.contains("0.05 to 1"), "{e}");
}

#[test]
fn nan_is_refused() {
    let e = refuse("nan", "[posture]\ntrunk_flexion_deg = nan\n");
    assert!(e.contains("line 2") && e.contains("posture.trunk_flexion_deg") && e.contains("NaN"), "{e}");
}

#[test]
fn malformed_toml_is_refused_with_its_line() {
    let e = refuse("malformed", "[gait]\nstride_m = = 1.4\n");
    assert!(e.contains("line 2"), "{e}");
}

#[test]
fn every_shipped_scene_runs() {
    let scenes = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenes");
    let mut n = 0;
    for entry in std::fs::read_dir(&scenes).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let dir = temp_dir(&format!("scene{n}"));
            let (ok, stdout, stderr) =
                lumbus(&["run", path.to_str().unwrap(), "--out", dir.to_str().unwrap()]);
            assert!(ok, "{}: {stderr}", path.display());
            if path.ends_with("weak_gluteus_medius.toml") {
                // What the scene changes from the default is said under the header.
                assert!(
                    stdout.contains("Settings other than the defaults: strength.gluteus_medius = 0.4"),
                    "{stdout}"
                );
            }
            n += 1;
        }
    }
    assert!(n >= 13, "expected the 13 shipped scenes, found {n}");
}

/// `--solver forward` gives the same outputs plus forward.json (tracking, residual, events).
#[test]
fn forward_solver_writes_the_same_outputs_and_forward_json() {
    let dir = temp_dir("forward");
    let out = dir.join("out");
    let (ok, stdout, stderr) = lumbus(&["run", "--solver", "forward", "--out", out.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("L5–S1") && stdout.contains("joint tracking RMS"), "{stdout}");
    assert!(out.join("summary.json").exists() && out.join("frames.csv").exists());
    let f = read_json(&out.join("forward.json"));
    let events = f["contact_events"].as_array().unwrap();
    // One reported cycle: each foot lifts once and strikes once, except that the right foot's
    // strike, which the plan puts at the cycle's start, may land in the contact a little before
    // it (normal walking: at 99.4 % of the warm-up cycle), outside the reported one.
    let count =
        |side: &str, event: &str| events.iter().filter(|e| e["side"] == side && e["event"] == event).count();
    for side in ["right", "left"] {
        assert_eq!(count(side, "toe_off"), 1, "{events:?}");
    }
    assert_eq!(count("left", "heel_strike"), 1, "{events:?}");
    assert!(count("right", "heel_strike") <= 1, "{events:?}");
    assert!(f["tracking"]["joints"]["hip_r"]["rms_deg"].as_f64().unwrap() < 1.0);
    assert!(f["pelvis_residual"]["force_peak_n"].as_f64().is_some());
    // Both feet load twice per cycle; the split from contact differs from the assumption by a share.
    let ds = &f["double_support"];
    assert!(ds["frames"].as_u64().unwrap() > 0, "{ds}");
    let rms = ds["right_share_contact_minus_plan_rms"].as_f64().unwrap();
    assert!(
        rms > 0.0 && rms <= ds["right_share_contact_minus_plan_max"].as_f64().unwrap() && rms < 1.0,
        "{ds}"
    );
    let summary = read_json(&out.join("summary.json"));
    let frames = summary["gait"]["frames"].as_u64().unwrap() as usize;
    assert_eq!(ds["right_share_contact"].as_array().unwrap().len(), frames);
}

/// The impact model belongs to the inverse path: the forward solver refuses it rather than
/// silently running without it.
#[test]
fn forward_solver_refuses_an_impact_scene() {
    let (path, out) = scene_file("forward_impact", "[impact]\nenabled = true\n");
    let (ok, _, stderr) =
        lumbus(&["run", path.to_str().unwrap(), "--solver", "forward", "--out", out.to_str().unwrap()]);
    assert!(!ok, "accepted");
    assert!(stderr.contains("forward_impact.toml") && stderr.contains("impact.enabled"), "{stderr}");
    assert!(!out.join("summary.json").exists(), "wrote results");
}
