//! The real `lumbus` process: a sweep killed with SIGKILL and run again gives the same table as a
//! clean run; shards run as separate processes merge into a single run's table; bad sweep files
//! fail before anything runs; the default sweep leaves its table and heatmap. Assertions never
//! depend on timing: the kill lands wherever it lands, and the table must come out the same.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn lumbus() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lumbus"))
}

fn ok(out: Output) -> String {
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "lumbus failed:\n{text}");
    text
}

fn read(p: impl AsRef<Path>) -> Vec<u8> {
    std::fs::read(p.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", p.as_ref().display()))
}

fn sweep_file(dir: &Path, body: &str) -> PathBuf {
    let p = dir.join("sweep.toml");
    std::fs::write(&p, body).unwrap();
    p
}

/// 10 × 4 × 3 = 120 configurations of a full 100-frame cycle: long enough to be caught mid-run.
const MEDIUM: &str = r#"
[[axis]]
param = "gait.stride_m"
range = [1.0, 1.45]
steps = 10
[[axis]]
param = "gait.cadence_spm"
values = [95, 105, 115, 125]
[[axis]]
param = "strength.gluteus_medius"
values = [1.0, 0.7, 0.4]
"#;

fn journal_rows(dir: &Path) -> usize {
    std::fs::read(dir.join("journal.csv"))
        .map(|b| b.iter().filter(|c| **c == b'\n').count().saturating_sub(1))
        .unwrap_or(0)
}

#[test]
fn a_sweep_killed_with_sigkill_resumes_to_the_clean_runs_table() {
    let tmp = tempfile::tempdir().unwrap();
    let file = sweep_file(tmp.path(), MEDIUM);
    let killed = tmp.path().join("killed");
    let args = |out: &Path, threads: &str| {
        let mut c = lumbus();
        c.arg("sweep").arg(&file).arg("--out").arg(out).args(["--threads", threads, "--no-plot"]);
        c
    };

    // Kill it twice, each time once it has written a few rows (the assertions hold wherever the
    // kill lands; polling only decides when to send it).
    for round in 0..2 {
        let before = journal_rows(&killed);
        let mut child = args(&killed, "1").stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        let deadline = Instant::now() + Duration::from_secs(120);
        while journal_rows(&killed) < before + 3
            && Instant::now() < deadline
            && child.try_wait().unwrap().is_none()
        {
            std::thread::sleep(Duration::from_millis(2));
        }
        let finished_early = child.try_wait().unwrap().is_some();
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        assert!(!finished_early, "round {round}: the sweep ended before it could be killed");
        let manifest = String::from_utf8(read(killed.join("sweep.json"))).unwrap();
        assert!(manifest.contains("\"complete\": false"), "round {round}: {manifest}");
        assert!(!killed.join("results.csv").exists());
    }
    let rows = journal_rows(&killed);
    assert!((6..120).contains(&rows), "{rows} rows after two kills");

    let resumed = ok(args(&killed, "2").output().unwrap());
    assert!(resumed.contains("were already done") && resumed.contains("120 configurations"), "{resumed}");

    let clean = tmp.path().join("clean");
    ok(args(&clean, "2").output().unwrap());
    assert!(read(clean.join("results.csv")) == read(killed.join("results.csv")), "CSV tables differ");
    assert!(
        read(clean.join("results.parquet")) == read(killed.join("results.parquet")),
        "Parquet tables differ"
    );
    // Every configuration exactly once, in id order.
    let table = String::from_utf8(read(killed.join("results.csv"))).unwrap();
    let ids: Vec<u64> =
        table.lines().skip(1).map(|l| l.split(',').next().unwrap().parse().unwrap()).collect();
    assert_eq!(ids, (0..120).collect::<Vec<_>>());
}

const SMALL: &str = r#"
name = "small"
[base.gait]
frames_per_cycle = 20
[[axis]]
param = "gait.stride_m"
values = [1.1, 1.3, 1.5]
[[axis]]
param = "load.backpack_kg"
range = [0, 10]
steps = 3
"#;

#[test]
fn shard_processes_merge_into_the_single_runs_table_and_plot() {
    let tmp = tempfile::tempdir().unwrap();
    let file = sweep_file(tmp.path(), SMALL);
    let single = tmp.path().join("single");
    let out = ok(lumbus().arg("sweep").arg(&file).arg("--out").arg(&single).output().unwrap());
    // Not a terminal: plain log lines, and the end-of-run counts.
    assert!(out.contains("lumbus sweep: 9/9 configurations"), "{out}");
    assert!(
        out.contains("9 configurations, ") && out.contains(" succeeded, ") && out.contains(" failed"),
        "{out}"
    );
    assert!(single.join("heatmap_L4_L5_compression_peak_bw.png").exists(), "{out}");

    let shards: Vec<PathBuf> = (0..3).map(|i| tmp.path().join(format!("shard-{i}"))).collect();
    let children: Vec<_> = (0..3)
        .map(|i| {
            lumbus()
                .arg("sweep")
                .arg(&file)
                .args(["--shard", &format!("{i}/3"), "--threads", "1", "--frames", "0,4,8"])
                .arg("--out")
                .arg(&shards[i])
                .output()
                .unwrap()
        })
        .collect();
    for c in children {
        let text = ok(c);
        assert!(text.contains("lumbus merge"), "{text}");
    }
    let merged = tmp.path().join("merged");
    let text = ok(lumbus().arg("merge").arg(&merged).args(&shards).output().unwrap());
    assert!(text.contains("9 configurations"), "{text}");
    assert!(read(single.join("results.csv")) == read(merged.join("results.csv")));
    assert!(read(single.join("results.parquet")) == read(merged.join("results.parquet")));

    let svg = tmp.path().join("h.svg");
    ok(lumbus()
        .args(["plot", "heatmap"])
        .arg(&merged)
        .args(["--column", "L5_S1_facet_left_peak_n", "--x", "load.backpack_kg", "-o"])
        .arg(&svg)
        .output()
        .unwrap());
    assert!(String::from_utf8(read(&svg)).unwrap().contains("L5_S1_facet_left_peak_n"));
    let text = ok(lumbus().args(["plot", "series"]).arg(&merged).args(["--ids", "0,8"]).output().unwrap());
    assert!(merged.join("series_compression_bw_0-8.png").exists(), "{text}");

    let e = lumbus().arg("merge").arg(tmp.path().join("m2")).args(&shards[..2]).output().unwrap();
    assert!(!e.status.success() && String::from_utf8_lossy(&e.stderr).contains("shard 2/3 missing"));
}

#[test]
fn bad_sweep_files_fail_before_anything_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let cases = [
        ("[[axis]]\nparam = \"gait.stride\"\nvalues = [1.0]\n", ["axis 1", "unknown parameter", "stride_m"]),
        ("[[axis]]\nparam = \"gait.stride_m\"\nvalues = []\n", ["axis 1", "line 1", "empty"]),
        (
            "[[axis]]\nparam = \"gait.stride_m\"\nrange = [1, 2]\nsteps = 0\n",
            ["axis 1", "steps = 0", "allowed 2"],
        ),
        (
            "[[axis]]\nparam = \"gait.cadence_spm\"\nvalues = [100, 200]\n",
            ["value 200", "60 to 150", "cadence"],
        ),
        (
            "[[axis]]\nparam = \"gait.stride_m\"\nrange = [1.0, 1.5]\nsteps = 400\n\
             [[axis]]\nparam = \"gait.cadence_spm\"\nrange = [90, 130]\nsteps = 400\n",
            ["160000 configurations", "--force", "100000"],
        ),
    ];
    for (body, wants) in cases {
        let file = sweep_file(tmp.path(), body);
        let out_dir = tmp.path().join("out");
        let o = lumbus().arg("sweep").arg(&file).arg("--out").arg(&out_dir).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{body}");
        assert!(err.contains(&*file.display().to_string()), "{err}");
        for w in wants {
            assert!(err.contains(w), "`{w}` not in: {err}");
        }
        assert!(!out_dir.exists(), "nothing may be written for a bad sweep");
    }
}

#[test]
fn the_default_sweep_leaves_a_table_and_a_heatmap() {
    let tmp = tempfile::tempdir().unwrap();
    let out = ok(lumbus().current_dir(tmp.path()).args(["sweep", "--progress", "none"]).output().unwrap());
    let dir = tmp.path().join("lumbus-sweep");
    for f in ["results.csv", "results.parquet", "heatmap_L4_L5_compression_peak_bw.png"] {
        assert!(dir.join(f).exists(), "{f}: {out}");
        assert!(out.contains(&format!("lumbus-sweep/{f}")), "where it is must be printed: {out}");
    }
    assert!(out.contains("315 configurations"), "{out}");
}
