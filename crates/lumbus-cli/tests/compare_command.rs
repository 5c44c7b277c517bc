//! `lumbus compare` and `lumbus claims` end to end: the files written, and bad input refused
//! with a message naming the file, line and field.

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

fn scenes() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenes")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn compare_prints_and_writes_the_table_and_plot() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmp");
    let (base, variant) = (scenes().join("normal_walking.toml"), scenes().join("backpack.toml"));
    let (ok, stdout, stderr) = lumbus(&["compare", s(&base), s(&variant), "--out", s(&out)]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("normal_walking") && stdout.contains("backpack") && stdout.contains("change"),
        "{stdout}"
    );
    assert!(
        stdout.contains("L5–S1 compression peak (BW)") && stdout.contains("per metre walked"),
        "{stdout}"
    );
    for f in ["comparison.csv", "comparison.md", "curves.png"] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let csv = std::fs::read_to_string(out.join("comparison.csv")).unwrap();
    let head = csv.lines().next().unwrap();
    assert_eq!(head, "metric,label,normal_walking,backpack,change_unit,backpack_change");
    // Every level, every metric kind.
    for level in ["L1_L2", "L2_L3", "L3_L4", "L4_L5", "L5_S1"] {
        for m in [
            "compression_peak_bw",
            "compression_mean_bw",
            "ap_shear_peak_bw",
            "ml_shear_peak_bw",
            "facet_peak_n",
            "facet_share_mean_pct",
            "compression_per_m_ns_per_m",
        ] {
            assert!(csv.contains(&format!("\n{level}_{m},")), "{level}_{m}");
        }
    }
    assert!(csv.contains("\nhip_contact_peak_bw,") && csv.contains("\nsacroiliac_peak_bw,"));
    assert!(!stdout.contains("Warning"), "neither shipped scene warns: {stdout}");
}

/// A variant past the walk–run transition is compared, and the comparison says so under its
/// table, on screen and in the Markdown.
#[test]
fn compare_repeats_a_runs_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let fast = dir.path().join("fast.toml");
    std::fs::write(&fast, "name = \"fast\"\n[gait]\nstride_m = 2.0\ncadence_spm = 150\n").unwrap();
    let out = dir.path().join("cmp");
    let base = scenes().join("normal_walking.toml");
    let (ok, stdout, stderr) = lumbus(&["compare", s(&base), s(&fast), "--out", s(&out)]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("Warning, `fast`: walking at a Froude number of 0.69"), "{stdout}");
    let md = std::fs::read_to_string(out.join("comparison.md")).unwrap();
    assert!(md.contains("- Warning, `fast`: walking at a Froude number"), "{md}");
}

#[test]
fn compare_refuses_a_missing_file_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.toml");
    let base = scenes().join("normal_walking.toml");
    let (ok, _, stderr) = lumbus(&["compare", s(&base), s(&missing), "--out", s(&dir.path().join("o"))]);
    assert!(!ok);
    assert!(stderr.contains("nope.toml") && stderr.contains("cannot read"), "{stderr}");
}

#[test]
fn compare_refuses_a_bad_scene_with_line_field_and_range() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "name = \"bad\"\n[muscles]\nbracing = 1.5\n").unwrap();
    let base = scenes().join("normal_walking.toml");
    let (ok, _, stderr) = lumbus(&["compare", s(&base), s(&bad), "--out", s(&dir.path().join("o"))]);
    assert!(!ok);
    assert!(
        stderr.contains("bad.toml")
            && stderr.contains("line 3")
            && stderr.contains("muscles.bracing")
            && stderr.contains("0 to 1"),
        "{stderr}"
    );
    std::fs::write(&bad, "[gait]\nstrides = 1.2\n").unwrap();
    let (ok, _, stderr) = lumbus(&["compare", s(&base), s(&bad), "--out", s(&dir.path().join("o"))]);
    assert!(!ok);
    assert!(
        stderr.contains("bad.toml") && stderr.contains("line 2") && stderr.contains("strides"),
        "{stderr}"
    );
}

#[test]
fn compare_needs_two_distinctly_named_scenes() {
    let dir = tempfile::tempdir().unwrap();
    let base = scenes().join("normal_walking.toml");
    let (ok, _, stderr) = lumbus(&["compare", s(&base)]);
    assert!(!ok && stderr.contains("SCENES"), "{stderr}");
    let (ok, _, stderr) = lumbus(&["compare", s(&base), s(&base), "--out", s(&dir.path().join("o"))]);
    assert!(!ok && stderr.contains("both named `normal_walking`"), "{stderr}");
}

#[test]
fn claims_refuses_a_bad_manifest_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("claims.toml");
    std::fs::write(
        &m,
        "[[claim]]\nid = \"x\"\nclaim = \"c\"\nbase = \"none.toml\"\nvariants = [\"none.toml\"]\n",
    )
    .unwrap();
    let (ok, _, stderr) = lumbus(&["claims", "--manifest", s(&m), "--out", s(&dir.path().join("o"))]);
    assert!(
        !ok && stderr.contains("claim `x`") && stderr.contains("none.toml") && stderr.contains("not found"),
        "{stderr}"
    );
    std::fs::write(&m, "[[claim]]\nid = \"x\"\nclaim = \"c\"\nbasis = \"a.toml\"\n").unwrap();
    let (ok, _, stderr) = lumbus(&["claims", "--manifest", s(&m), "--out", s(&dir.path().join("o"))]);
    assert!(!ok && stderr.contains("line 4") && stderr.contains("basis"), "{stderr}");
}
