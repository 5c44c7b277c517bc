//! Sweeps end to end, in process: determinism across threads and completion order, failures,
//! resume from a journal, shards and merge, Parquet, frames, plots. Small sweeps with short
//! cycles (20 frames) keep each test to a few seconds; nothing here depends on the engine's
//! numbers or on timing.

use lumbus_batch::plot::{HeatmapOptions, Reduce, SeriesOptions, heatmap, series};
use lumbus_batch::{Evaluated, Options, ProgressMode, Sweep, evaluate, files, merge, run, run_with};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// 3 × 2 × 2 = 12 configurations.
const SMALL: &str = r#"
name = "small"
[base.gait]
frames_per_cycle = 20
[[axis]]
param = "gait.stride_m"
values = [1.1, 1.3, 1.5]
[[axis]]
param = "gait.cadence_spm"
range = [100, 120]
steps = 2
[[axis]]
param = "strength.gluteus_medius"
values = [1.0, 0.5]
"#;

fn sweep(text: &str) -> Sweep {
    Sweep::parse(text, "small.toml", None, None).unwrap()
}

fn opts(out: &Path, threads: usize) -> Options {
    Options { threads: Some(threads), progress: ProgressMode::Quiet, ..Options::new(out) }
}

fn read(p: impl AsRef<Path>) -> Vec<u8> {
    std::fs::read(p.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", p.as_ref().display()))
}

fn ids_in(csv: &Path) -> Vec<u64> {
    let mut r = csv::Reader::from_path(csv).unwrap();
    r.records().map(|x| x.unwrap()[0].parse().unwrap()).collect()
}

#[test]
fn same_table_on_one_and_two_threads_in_any_completion_order() {
    let s = sweep(SMALL);
    let dir = tempfile::tempdir().unwrap();
    let runs: [(usize, Option<u64>); 4] = [(1, None), (2, None), (1, Some(7)), (2, Some(99))];
    let mut journals = Vec::new();
    for (k, (threads, shuffle)) in runs.iter().enumerate() {
        let out = dir.path().join(format!("run{k}"));
        let r = run(&s, &Options { shuffle: *shuffle, ..opts(&out, *threads) }).unwrap();
        assert_eq!((r.configurations, r.ran, r.already_done, r.threads), (12, 12, 0, *threads));
        assert_eq!(r.ok + r.failed, 12);
        journals.push(read(out.join(files::JOURNAL)));
    }
    let base = dir.path().join("run0");
    assert_eq!(ids_in(&base.join(files::RESULTS_CSV)), (0..12).collect::<Vec<_>>());
    for k in 1..4 {
        let other = dir.path().join(format!("run{k}"));
        assert!(
            read(base.join(files::RESULTS_CSV)) == read(other.join(files::RESULTS_CSV)),
            "run{k} csv differs"
        );
        assert!(
            read(base.join(files::RESULTS_PARQUET)) == read(other.join(files::RESULTS_PARQUET)),
            "run{k} parquet"
        );
    }
    // The shuffled single-thread run really finished in another order.
    assert_ne!(journals[0], journals[2]);
}

#[test]
fn failures_are_rows_with_their_error_and_the_sweep_goes_on() {
    let s = sweep(SMALL);
    let dir = tempfile::tempdir().unwrap();
    let eval = |id: u64, scene: &lumbus_core::Scene| -> Result<Evaluated, String> {
        match id {
            3 => Err("the optimizer cannot balance, say".into()),
            5 => panic!("a bug in the engine"),
            _ => evaluate(id, scene),
        }
    };
    let r = run_with(&s, &opts(dir.path(), 2), &eval).unwrap();
    assert_eq!(r.configurations, 12);
    assert!(r.failed >= 2, "{r:?}");
    assert_eq!(r.ok + r.failed, 12);
    let mut rdr = csv::Reader::from_path(&r.results_csv).unwrap();
    let head = rdr.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 12);
    let (st, er, peak) = (col("status"), col("error"), col("L4_L5_compression_peak_bw"));
    assert_eq!(
        (&rows[3][st], &rows[3][er], &rows[3][peak]),
        ("failed", "the optimizer cannot balance, say", "")
    );
    assert_eq!(&rows[5][st], "failed");
    assert!(
        rows[5][er].contains("panicked") && rows[5][er].contains("a bug in the engine"),
        "{:?}",
        &rows[5]
    );
    for row in &rows {
        if &row[st] == "ok" {
            assert!(row[er].is_empty() && row[peak].parse::<f64>().unwrap() > 0.0);
        }
    }
    assert_eq!(
        r.first_failure.as_ref().map(|f| f.0),
        Some(rows.iter().position(|x| &x[st] == "failed").unwrap() as u64)
    );
}

/// A configuration past the walk–run transition runs, and its row says so: the report counts
/// it and names the first, and the `warnings` column holds the sentence.
#[test]
fn warned_configurations_are_counted_and_kept_in_their_row() {
    let s = sweep(
        "name = \"fast\"\n[base.gait]\nframes_per_cycle = 20\n[[axis]]\nparam = \"gait.stride_m\"\nvalues = [1.4, 2.0]\n\
         [[axis]]\nparam = \"gait.cadence_spm\"\nvalues = [110, 150]\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let r = run(&s, &opts(dir.path(), 2)).unwrap();
    assert_eq!((r.ok, r.warned), (4, 1), "{r:?}");
    let (id, w) = r.first_warning.clone().unwrap();
    assert!(w.contains("Froude number of 0.69"), "{w}");
    let mut rdr = csv::Reader::from_path(&r.results_csv).unwrap();
    let head = rdr.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(|x| x.unwrap()).collect();
    assert_eq!(&rows[id as usize][col("warnings")], w);
    assert_eq!(rows.iter().filter(|x| x[col("warnings")].is_empty()).count(), 3);
}

#[test]
fn resume_runs_only_what_the_journal_lacks_and_gives_the_same_table() {
    let s = sweep(SMALL);
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean");
    run(&s, &opts(&clean, 2)).unwrap();

    // A folder as a kill would leave it: the manifest, the header, some rows in completion order
    // and the last one cut short.
    let partial = dir.path().join("partial");
    std::fs::create_dir_all(&partial).unwrap();
    std::fs::copy(clean.join(files::MANIFEST), partial.join(files::MANIFEST)).unwrap();
    let journal = String::from_utf8(read(clean.join(files::JOURNAL))).unwrap();
    let lines: Vec<&str> = journal.split_inclusive('\n').collect();
    let kept = [0usize, 8, 3, 11, 5]; // header + rows of ids at these journal lines
    let mut text: String = kept.iter().map(|i| lines[*i]).collect();
    let torn = lines[7];
    text.push_str(&torn[..torn.len() / 2]);
    std::fs::write(partial.join(files::JOURNAL), text).unwrap();
    let done: Vec<u64> =
        kept[1..].iter().map(|i| lines[*i].split(',').next().unwrap().parse().unwrap()).collect();

    let calls = AtomicU64::new(0);
    let counted = |id: u64, scene: &lumbus_core::Scene| {
        calls.fetch_add(1, Ordering::Relaxed);
        assert!(!done.contains(&id), "configuration {id} was finished and ran again");
        evaluate(id, scene)
    };
    let r = run_with(&s, &opts(&partial, 2), &counted).unwrap();
    assert_eq!((r.already_done, r.ran, calls.load(Ordering::Relaxed)), (4, 8, 8));
    assert!(read(clean.join(files::RESULTS_CSV)) == read(partial.join(files::RESULTS_CSV)));
    assert!(read(clean.join(files::RESULTS_PARQUET)) == read(partial.join(files::RESULTS_PARQUET)));
    // Run again: nothing left to do, same table.
    let r = run_with(&s, &opts(&partial, 1), &|_, _| panic!("nothing should run")).unwrap();
    assert_eq!((r.already_done, r.ran), (12, 0));
    assert!(read(clean.join(files::RESULTS_CSV)) == read(partial.join(files::RESULTS_CSV)));
}

#[test]
fn a_folder_of_another_sweep_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    run(&sweep(SMALL), &opts(dir.path(), 2)).unwrap();
    let other = sweep(&SMALL.replace("values = [1.0, 0.5]", "values = [1.0, 0.6]"));
    let e = run(&other, &opts(dir.path(), 2)).unwrap_err().to_string();
    assert!(e.contains("another sweep") && e.contains("--out"), "{e}");
    let e = run(&sweep(SMALL), &Options { shard: Some("0/2".parse().unwrap()), ..opts(dir.path(), 2) })
        .unwrap_err()
        .to_string();
    assert!(e.contains("another sweep") && e.contains("shard 0/2"), "{e}");
}

#[test]
fn shards_merge_into_the_single_run_table() {
    let s = sweep(SMALL);
    let dir = tempfile::tempdir().unwrap();
    let single = dir.path().join("single");
    run(&s, &Options { frames: vec![0, 4], ..opts(&single, 2) }).unwrap();
    let shard_dirs: Vec<PathBuf> = (0..3).map(|i| dir.path().join(format!("shard-{i}"))).collect();
    // Shards in a scrambled order, on different thread counts.
    for i in [2u64, 0, 1] {
        let o = Options {
            shard: Some(format!("{i}/3").parse().unwrap()),
            frames: vec![0, 4],
            ..opts(&shard_dirs[i as usize], 1 + i as usize % 2)
        };
        let r = run(&s, &o).unwrap();
        assert_eq!(r.configurations, 4);
        assert!(ids_in(&r.results_csv).iter().all(|id| id % 3 == i));
    }
    let merged = dir.path().join("merged");
    let e = merge(&merged, &shard_dirs[..2]).unwrap_err().to_string();
    assert!(e.contains("shard 2/3 missing"), "{e}");
    let e = merge(&merged, &[shard_dirs[0].clone(), shard_dirs[0].clone(), shard_dirs[1].clone()])
        .unwrap_err()
        .to_string();
    assert!(e.contains("both shard 0/3"), "{e}");
    let shuffled = [shard_dirs[1].clone(), shard_dirs[2].clone(), shard_dirs[0].clone()];
    let r = merge(&merged, &shuffled).unwrap();
    assert_eq!((r.configurations, r.ok + r.failed, r.frames), (12, 12, 2));
    assert!(read(single.join(files::RESULTS_CSV)) == read(merged.join(files::RESULTS_CSV)));
    assert!(read(single.join(files::RESULTS_PARQUET)) == read(merged.join(files::RESULTS_PARQUET)));
    for id in [0, 4] {
        assert!(read(files::frames_csv(&single, id)) == read(files::frames_csv(&merged, id)));
    }
    // A shard of another sweep is refused.
    let other = dir.path().join("other");
    let s2 = sweep(&SMALL.replace("1.5]", "1.6]"));
    run(&s2, &Options { shard: Some("2/3".parse().unwrap()), ..opts(&other, 2) }).unwrap();
    let e = merge(&dir.path().join("m2"), &[shard_dirs[0].clone(), shard_dirs[1].clone(), other])
        .unwrap_err()
        .to_string();
    assert!(e.contains("another sweep"), "{e}");
}

#[test]
fn parquet_holds_the_csv_values_typed() {
    use arrow_array::{Array, Float64Array, Int64Array, StringArray};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let dir = tempfile::tempdir().unwrap();
    let r = run(&sweep(SMALL), &opts(dir.path(), 2)).unwrap();
    let file = std::fs::File::open(&r.results_parquet).unwrap();
    let batches: Vec<_> = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap()
        .map(|b| b.unwrap())
        .collect();
    assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), 12);
    let b = &batches[0];
    let mut rdr = csv::Reader::from_path(&r.results_csv).unwrap();
    let head = rdr.headers().unwrap().clone();
    assert_eq!(
        b.schema().fields().iter().map(|f| f.name().as_str()).collect::<Vec<_>>(),
        head.iter().collect::<Vec<_>>()
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(|x| x.unwrap()).collect();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let ids = b.column(0).as_any().downcast_ref::<Int64Array>().unwrap();
    let stride = b.column(col("gait.stride_m")).as_any().downcast_ref::<Float64Array>().unwrap();
    let cadence = b.column(col("gait.cadence_spm")).as_any().downcast_ref::<Int64Array>().unwrap();
    let peak = b.column(col("L4_L5_compression_peak_bw")).as_any().downcast_ref::<Float64Array>().unwrap();
    let status = b.column(col("status")).as_any().downcast_ref::<StringArray>().unwrap();
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(ids.value(i), i as i64);
        assert_eq!(stride.value(i).to_string(), row[col("gait.stride_m")]);
        assert_eq!(cadence.value(i).to_string(), row[col("gait.cadence_spm")]);
        assert_eq!(status.value(i), &row[col("status")]);
        let cell = &row[col("L4_L5_compression_peak_bw")];
        if cell.is_empty() {
            assert!(peak.is_null(i));
        } else {
            assert_eq!(peak.value(i).to_bits(), cell.parse::<f64>().unwrap().to_bits());
        }
    }
}

#[test]
fn frames_of_chosen_configurations_also_on_a_resume() {
    let s = sweep(SMALL);
    let dir = tempfile::tempdir().unwrap();
    let r = run(&s, &Options { frames: vec![2], ..opts(dir.path(), 2) }).unwrap();
    assert_eq!(r.frames, [files::frames_csv(dir.path(), 2)]);
    let text = String::from_utf8(read(&r.frames[0])).unwrap();
    assert!(text.starts_with("time_s,cycle_pct,") && text.lines().count() == 21, "{}", &text[..80]);
    // Asked for after the sweep finished: only those configurations run, for their frames.
    let calls = AtomicU64::new(0);
    let counted = |id, scene: &lumbus_core::Scene| {
        calls.fetch_add(1, Ordering::Relaxed);
        evaluate(id, scene)
    };
    let r = run_with(&s, &Options { frames: vec![2, 7], ..opts(dir.path(), 2) }, &counted).unwrap();
    assert_eq!((r.ran, calls.load(Ordering::Relaxed), r.frames.len()), (0, 1, 2));
    let e = run(&s, &Options { frames: vec![12], ..opts(dir.path(), 2) }).unwrap_err().to_string();
    assert!(e.contains("--frames 12") && e.contains("0 to 11"), "{e}");
}

fn png_size(p: &Path) -> (u32, u32) {
    let b = read(p);
    assert_eq!(&b[..8], b"\x89PNG\r\n\x1a\n", "{} is not a PNG", p.display());
    let be = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    (be(16), be(20))
}

#[test]
fn heatmaps_and_series_as_png_and_svg() {
    let s = sweep(SMALL);
    let dir = tempfile::tempdir().unwrap();
    run(&s, &Options { frames: vec![0, 11], ..opts(dir.path(), 2) }).unwrap();

    let png = heatmap(&HeatmapOptions::new(dir.path(), "L4_L5_compression_peak_bw")).unwrap();
    assert_eq!(png, dir.path().join("heatmap_L4_L5_compression_peak_bw.png"));
    let (w, h) = png_size(&png);
    assert!(w >= 600 && h >= 400);
    let svg = heatmap(&HeatmapOptions {
        x: Some("strength.gluteus_medius".into()),
        y: Some("gait.stride_m".into()),
        at: vec![("gait.cadence_spm".into(), "120".into())],
        reduce: Reduce::Mean,
        output: Some(dir.path().join("h.svg")),
        ..HeatmapOptions::new(dir.path(), "L5_S1_facet_right_peak_n")
    })
    .unwrap();
    let text = String::from_utf8(read(&svg)).unwrap();
    assert!(
        text.contains("<svg")
            && text.contains("L5_S1_facet_right_peak_n")
            && text.contains("gait.cadence_spm = 120")
    );

    let bad = |o: HeatmapOptions| heatmap(&o).unwrap_err().to_string();
    let e = bad(HeatmapOptions::new(dir.path(), "L4_L5_compression_peek_bw"));
    assert!(e.contains("no column") && e.contains("L4_L5_compression_peak_bw"), "{e}");
    let e = bad(HeatmapOptions {
        x: Some("gait.speed".into()),
        ..HeatmapOptions::new(dir.path(), "L4_L5_compression_peak_bw")
    });
    assert!(e.contains("not a swept parameter") && e.contains("gait.stride_m"), "{e}");
    let e = bad(HeatmapOptions {
        output: Some(dir.path().join("h.jpg")),
        ..HeatmapOptions::new(dir.path(), "L4_L5_compression_peak_bw")
    });
    assert!(e.contains(".png or .svg"), "{e}");

    let p = series(&SeriesOptions {
        dir: dir.path().into(),
        ids: vec![0, 11],
        quantity: "compression_bw".into(),
        output: None,
    })
    .unwrap();
    let (w, _) = png_size(&p);
    assert!(w >= 1000);
    let p = series(&SeriesOptions {
        dir: dir.path().into(),
        ids: vec![11],
        quantity: "facet_right_n".into(),
        output: Some(dir.path().join("s.svg")),
    })
    .unwrap();
    assert!(String::from_utf8(read(&p)).unwrap().contains("config 11: gait.stride_m = 1.5"));
    let e = series(&SeriesOptions {
        dir: dir.path().into(),
        ids: vec![5],
        quantity: "compression_bw".into(),
        output: None,
    })
    .unwrap_err()
    .to_string();
    assert!(e.contains("config_5.csv") && e.contains("--frames 5"), "{e}");
    let e = series(&SeriesOptions {
        dir: dir.path().into(),
        ids: vec![0],
        quantity: "squash".into(),
        output: None,
    })
    .unwrap_err()
    .to_string();
    assert!(e.contains("squash") && e.contains("compression_bw"), "{e}");
}

#[test]
fn shipped_sweep_files_are_valid() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenes/sweeps");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "toml") {
            let s = Sweep::load(&p).unwrap_or_else(|e| panic!("{e}"));
            s.check_limit(lumbus_batch::DEFAULT_LIMIT, false).unwrap();
            s.validate_all().unwrap();
            n += 1;
        }
    }
    assert!(n >= 3, "default and at least two examples");
    // The shipped default is the built-in one.
    let shipped = Sweep::load(&dir.join("default.toml")).unwrap();
    assert_eq!(shipped.describe(), Sweep::builtin_default().describe());
}
