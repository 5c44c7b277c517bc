//! Inverse dynamics on OpenSim's own models (built from the `.osim`), driven by the recorded
//! trial as OpenSim's inverse-dynamics setup drives it, compared with OpenSim's results.
//! Every coordinate's RMS difference is printed (`cargo test --test recorded_validation --
//! --nocapture`); the bands are asserted: lumbar moments within 5 N·m RMS, hip moments
//! within 10 N·m RMS.

use std::path::PathBuf;

use lumbus::io::recorded::trial::{RecordedTrial, TrialFiles};
use lumbus::io::recorded::{Kinematics, Table};

fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/opensim").join(rel)
}

/// RMS difference per coordinate between our generalised forces and a reference ID table
/// (column `<coordinate>_moment` or `_force`), on the reference's rows.
/// Also prints the RMS without the first and last `EDGE` frames, where filtering and
/// splining differ most between OpenSim and us (end padding, quintic GCV vs cubic splines).
fn compare(trial: &RecordedTrial, reference: &Table) -> Vec<(String, f64, f64)> {
    const EDGE: usize = 10;
    let ours = trial.inverse_dynamics();
    let mut out = Vec::new();
    println!("{:<20} {:>12} {:>16} {:>14}", "coordinate", "RMS diff", "interior RMS", "reference RMS");
    for (i, c) in trial.multibody.coordinates.iter().enumerate() {
        let suffix = if c.translational { "force" } else { "moment" };
        let col = reference
            .column(&format!("{}_{suffix}", c.name))
            .unwrap_or_else(|| panic!("reference has no column for {}", c.name));
        let (mut se, mut sr, mut n, mut se_in, mut n_in) = (0.0, 0.0, 0, 0.0, 0);
        let rows = reference.time.len();
        for (row, &t) in reference.time.iter().enumerate() {
            let Some(k) = trial.times.iter().position(|&s| (s - t).abs() < 1e-5) else { continue };
            let e2 = (ours[k][i] - col[row]).powi(2);
            se += e2;
            sr += col[row].powi(2);
            n += 1;
            if row >= EDGE && row + EDGE < rows {
                se_in += e2;
                n_in += 1;
            }
        }
        assert!(n > 2 * EDGE, "{}: only {n} common rows", c.name);
        let rms = |s: f64, n: usize| (s / n as f64).sqrt();
        println!("{:<20} {:>12.3} {:>16.3} {:>14.3}", c.name, rms(se, n), rms(se_in, n_in), rms(sr, n));
        out.push((c.name.clone(), rms(se, n), rms(sr, n)));
    }
    out
}

fn rms_of(rows: &[(String, f64, f64)], name: &str) -> f64 {
    rows.iter().find(|r| r.0 == name).map(|r| r.1).unwrap()
}

fn gait2354() -> RecordedTrial {
    // subject01_Setup_InverseDynamics.xml: 0.4–1.6 s, 6 Hz, subject01_walk1_grf.xml.
    RecordedTrial::read(&TrialFiles {
        motion: data("gait2354/subject01_walk1_ik.mot"),
        grf: data("gait2354/subject01_walk1_grf.mot"),
        grf_map: Some(data("gait2354/subject01_walk1_grf.xml")),
        model: data("gait2354/subject01_simbody.osim"),
        filter_hz: Some(6.0),
        time_range: Some((0.4, 1.6)),
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

fn gait10dof() -> RecordedTrial {
    // walk_Setup_ID.xml: 0–2.5 s, 6 Hz, subject01_walk_grf.xml.
    RecordedTrial::read(&TrialFiles {
        motion: data("gait10dof18musc/subject01_walk_IK.mot"),
        grf: data("gait10dof18musc/subject01_walk_grf.mot"),
        grf_map: Some(data("gait10dof18musc/subject01_walk_grf.xml")),
        model: data("gait10dof18musc/subject01.osim"),
        filter_hz: Some(6.0),
        time_range: Some((0.0, 2.5)),
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn gait2354_matches_opensim_inverse_dynamics() {
    let trial = gait2354();
    let reference = Table::read(data("gait2354/reference_inverse_dynamics.sto")).unwrap();
    let rows = compare(&trial, &reference);
    for c in ["lumbar_extension", "lumbar_bending", "lumbar_rotation"] {
        assert!(rms_of(&rows, c) < 5.0, "{c}: {:.2} N·m RMS", rms_of(&rows, c));
    }
    for c in [
        "hip_flexion_r",
        "hip_adduction_r",
        "hip_rotation_r",
        "hip_flexion_l",
        "hip_adduction_l",
        "hip_rotation_l",
    ] {
        assert!(rms_of(&rows, c) < 10.0, "{c}: {:.2} N·m RMS", rms_of(&rows, c));
    }
}

#[test]
fn gait10dof18musc_matches_opensim_inverse_dynamics() {
    let trial = gait10dof();
    let reference = Table::read(data("gait10dof18musc/reference_subject01_walk_ID.sto")).unwrap();
    let rows = compare(&trial, &reference);
    assert!(rms_of(&rows, "lumbar_extension") < 5.0, "{:.2}", rms_of(&rows, "lumbar_extension"));
    for c in ["hip_flexion_r", "hip_flexion_l"] {
        assert!(rms_of(&rows, c) < 10.0, "{c}: {:.2} N·m RMS", rms_of(&rows, c));
    }
}

#[test]
fn the_motion_is_read_in_si_units() {
    // Guards the comparison itself: degrees converted, the trial's times kept.
    let k = Kinematics::read(data("gait2354/subject01_walk1_ik.mot"), &Default::default()).unwrap();
    assert!(k.source_in_degrees);
    assert!(k.get("knee_angle_r").unwrap().iter().all(|v| v.abs() < 2.0));
}
