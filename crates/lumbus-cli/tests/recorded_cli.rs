//! `lumbus run --motion … --grf … --model …`: a recorded OpenSim trial end to end, and the
//! command refusing bad recorded input with a message naming the file and the column or line.

use std::path::{Path, PathBuf};
use std::process::Command;

fn lumbus(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lumbus")).args(args).output().expect("run lumbus");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("lumbus-recorded-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn data(f: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/opensim/gait2354").join(f)
}

/// Runs the gait2354 trial with `motion` and `grf` replacing the files when given.
fn run_trial(dir: &Path, motion: Option<&Path>, grf: Option<&Path>) -> (bool, String, String) {
    let motion = motion.map_or(data("subject01_walk1_ik.mot"), Path::to_path_buf);
    let grf = grf.map_or(data("subject01_walk1_grf.mot"), Path::to_path_buf);
    lumbus(&[
        "run",
        "--motion",
        motion.to_str().unwrap(),
        "--grf",
        grf.to_str().unwrap(),
        "--grf-map",
        data("subject01_walk1_grf.xml").to_str().unwrap(),
        "--model",
        data("subject01_simbody.osim").to_str().unwrap(),
        "--out",
        dir.join("out").to_str().unwrap(),
    ])
}

/// The IK motion with each data row (and the label row) rewritten by `edit`, which gets the
/// whitespace-split fields.
fn edited_motion(dir: &Path, name: &str, edit: impl Fn(usize, &mut Vec<String>)) -> PathBuf {
    let text = std::fs::read_to_string(data("subject01_walk1_ik.mot")).unwrap();
    let mut out = String::new();
    let mut in_body = false;
    let mut row = 0;
    for line in text.lines() {
        if in_body {
            let mut fields: Vec<String> = line.split_whitespace().map(str::to_string).collect();
            edit(row, &mut fields);
            row += 1;
            out.push_str(&fields.join("\t"));
        } else {
            out.push_str(line);
        }
        out.push('\n');
        if line.trim() == "endheader" {
            in_body = true;
        }
    }
    // Keep the header's column count true, so the edit is the only fault.
    let labels = out.lines().skip_while(|l| l.trim() != "endheader").nth(1).unwrap().split('\t').count();
    let out = out.replace("nColumns=24", &format!("nColumns={labels}"));
    let p = dir.join(name);
    std::fs::write(&p, out).unwrap();
    p
}

#[test]
fn recorded_trial_writes_the_contract_and_sto_files() {
    let dir = temp_dir("ok");
    let (ok, stdout, stderr) = run_trial(&dir, None, None);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("L5–S1") && stdout.contains("Pelvis residual"), "{stdout}");
    let out = dir.join("out");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["gait"]["activity"], "recorded");
    assert_eq!(summary["gait"]["frames"], 73);
    assert!((summary["subject"]["mass_kg"].as_f64().unwrap() - 72.6).abs() < 1e-6);
    let frames = std::fs::read_to_string(out.join("frames.csv")).unwrap();
    assert_eq!(frames.lines().count(), 74, "header + 73 frames");
    let moments = std::fs::read_to_string(out.join("joint_moments.sto")).unwrap();
    assert!(moments.contains("endheader") && moments.contains("lumbar_extension_moment\t"), "{moments}");
    assert!(moments.contains("pelvis_ty_force"));
    let loads = std::fs::read_to_string(out.join("lumbar_loads.sto")).unwrap();
    assert!(loads.contains("L5_S1_compression") && loads.contains("nRows=73"));
}

#[test]
fn a_time_range_selects_frames_and_an_empty_one_is_refused() {
    let dir = temp_dir("time_range");
    let base = |range: [&str; 2]| {
        lumbus(&[
            "run",
            "--motion",
            data("subject01_walk1_ik.mot").to_str().unwrap(),
            "--grf",
            data("subject01_walk1_grf.mot").to_str().unwrap(),
            "--model",
            data("subject01_simbody.osim").to_str().unwrap(),
            "--time-range",
            range[0],
            range[1],
            "--out",
            dir.join("out").to_str().unwrap(),
        ])
    };
    let (ok, _, stderr) = base(["0.5", "1.0"]);
    assert!(ok, "{stderr}");
    let frames = std::fs::read_to_string(dir.join("out/frames.csv")).unwrap();
    assert_eq!(frames.lines().count(), 1 + 31, "0.5–1.0 s at 60 Hz");
    let (ok, _, stderr) = base(["3.0", "4.0"]);
    assert!(!ok);
    assert!(stderr.contains("subject01_walk1_ik.mot") && stderr.contains("time range"), "{stderr}");
}

#[test]
fn forces_that_do_not_cover_the_motion_are_refused() {
    let dir = temp_dir("range");
    // The GRF cut to 0–1.0 s: the motion runs to 1.6 s.
    let text = std::fs::read_to_string(data("subject01_walk1_grf.mot")).unwrap();
    let mut kept = Vec::new();
    let mut body = false;
    for line in text.lines() {
        let t: Option<f64> = line.split_whitespace().next().and_then(|x| x.parse().ok());
        if body && t.is_some_and(|t| t > 1.0) {
            continue;
        }
        if line.starts_with("time") {
            body = true;
        }
        kept.push(line.replace("nRows=1501", "nRows=601"));
    }
    let grf = dir.join("short_grf.mot");
    std::fs::write(&grf, kept.join("\n") + "\n").unwrap();
    let (ok, _, stderr) = run_trial(&dir, None, Some(&grf));
    assert!(!ok);
    assert!(stderr.contains("short_grf.mot") && stderr.contains("outside"), "{stderr}");
    assert!(stderr.contains("1.600000"), "names the motion's range: {stderr}");
}

#[test]
fn a_missing_coordinate_is_named() {
    let dir = temp_dir("missing");
    let motion = edited_motion(&dir, "no_lumbar.mot", |_, f| {
        f.remove(21); // lumbar_extension (time is field 0)
    });
    let (ok, _, stderr) = run_trial(&dir, Some(&motion), None);
    assert!(!ok);
    assert!(stderr.contains("no_lumbar.mot") && stderr.contains("`lumbar_extension`"), "{stderr}");
}

#[test]
fn an_unknown_column_is_named() {
    let dir = temp_dir("unknown");
    let motion = edited_motion(&dir, "extra.mot", |row, f| {
        f.push(if row == 0 { "marker_error".into() } else { "0.1".into() })
    });
    let (ok, _, stderr) = run_trial(&dir, Some(&motion), None);
    assert!(!ok);
    assert!(stderr.contains("extra.mot") && stderr.contains("`marker_error`"), "{stderr}");
}

#[test]
fn a_nan_and_a_backwards_time_are_refused_with_their_line() {
    let dir = temp_dir("nan");
    let motion = edited_motion(&dir, "nan.mot", |row, f| {
        if row == 5 {
            f[3] = "NaN".into();
        }
    });
    let (ok, _, stderr) = run_trial(&dir, Some(&motion), None);
    assert!(!ok);
    assert!(stderr.contains("nan.mot:") && stderr.contains("pelvis_rotation"), "{stderr}");

    let motion = edited_motion(&dir, "backwards.mot", |row, f| {
        if row == 8 {
            f[0] = "0.4".into();
        }
    });
    let (ok, _, stderr) = run_trial(&dir, Some(&motion), None);
    assert!(!ok);
    assert!(stderr.contains("backwards.mot:"), "{stderr}");
}

#[test]
fn angles_of_unknown_unit_are_refused() {
    let dir = temp_dir("units");
    let text =
        std::fs::read_to_string(data("subject01_walk1_ik.mot")).unwrap().replace("inDegrees=yes\n", "");
    let motion = dir.join("no_units.mot");
    std::fs::write(&motion, text).unwrap();
    let (ok, _, stderr) = run_trial(&dir, Some(&motion), None);
    assert!(!ok);
    assert!(stderr.contains("no_units.mot") && stderr.contains("inDegrees"), "{stderr}");
}

#[test]
fn a_motion_needs_forces_and_a_model() {
    let (ok, _, stderr) = lumbus(&["run", "--motion", data("subject01_walk1_ik.mot").to_str().unwrap()]);
    assert!(!ok);
    assert!(stderr.contains("--grf") && stderr.contains("--model"), "{stderr}");
}

/// An assembled trial, to check the C3D path end to end (not a physical result): gait2354's
/// kinematics shifted by +1.8 s so that its 0.4–1.6 s overlap walking2's stances (2.2–3.3 s),
/// with walking2's plates. The feet of one recording do not stand on the other's plates, so
/// the pelvis residual is large; the run must still complete and report it.
#[test]
fn c3d_plates_drive_an_assembled_trial_end_to_end() {
    let dir = temp_dir("c3d");
    let motion = edited_motion(&dir, "shifted.mot", |row, f| {
        if row > 0 {
            let t: f64 = f[0].parse().unwrap();
            f[0] = format!("{:.8}", t + 1.8);
        }
    });
    let c3d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/c3d/walking2.c3d");
    let out = dir.join("out");
    let (ok, stdout, stderr) = lumbus(&[
        "run",
        "--motion",
        motion.to_str().unwrap(),
        "--grf",
        c3d.to_str().unwrap(),
        "--model",
        data("subject01_simbody.osim").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("Pelvis residual"), "{stdout}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    // The plates' peaks (964.6 N right, 766.6 N left) fall inside the shifted motion.
    let grf = &summary["grf_vertical_peak_bw"];
    let bw = summary["subject"]["body_weight_n"].as_f64().unwrap();
    assert!((grf["right"].as_f64().unwrap() * bw - 964.6).abs() < 30.0, "{grf}");
    assert!((grf["left"].as_f64().unwrap() * bw - 766.6).abs() < 30.0, "{grf}");
    // An ExternalLoads mapping does not apply to a C3D file.
    let (ok, _, stderr) = lumbus(&[
        "run",
        "--motion",
        motion.to_str().unwrap(),
        "--grf",
        c3d.to_str().unwrap(),
        "--grf-map",
        data("subject01_walk1_grf.xml").to_str().unwrap(),
        "--model",
        data("subject01_simbody.osim").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!ok && stderr.contains("C3D"), "{stderr}");
}
