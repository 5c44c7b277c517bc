//! `lumbus validate`: runs from any folder (the scenes are compiled in), prints a status for
//! every check and writes the same rows to validation.md and validation.csv.

use std::process::Command;

#[test]
fn validate_prints_and_writes_every_check() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_lumbus"))
        .args(["validate", "--out", "report"])
        .current_dir(dir.path())
        .output()
        .expect("run lumbus");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let statuses = stdout.lines().filter(|l| l.starts_with("met") || l.starts_with("NOT MET")).count();
    let csv = std::fs::read_to_string(dir.path().join("report/validation.csv")).unwrap();
    let md = std::fs::read_to_string(dir.path().join("report/validation.md")).unwrap();
    let md_rows = md.lines().filter(|l| l.starts_with("| met") || l.starts_with("| NOT MET")).count();
    assert!(statuses >= 15, "{stdout}");
    assert_eq!(csv.lines().count(), statuses + 1, "{csv}");
    assert_eq!(md_rows, statuses, "{md}");
    assert!(stdout.contains(&format!("of {statuses} met")), "{stdout}");
}
