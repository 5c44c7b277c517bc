//! Running a sweep: every pending configuration of the shard on a rayon pool, rows streamed to
//! the journal by one writer thread as they finish, then the sorted table.

use crate::columns::Schema;
use crate::error::{Error, Result, invalid, io_at};
use crate::files;
use crate::journal::{self, Scan};
use crate::progress::{Progress, ProgressMode};
use crate::spec::{Shard, Sweep};
use crate::table::{self, Manifest};
use lumbus_core::{Engine, RunOutput, Scene};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{OnceLock, mpsc};
use std::time::{Duration, Instant};

/// How to run a sweep.
#[derive(Clone, Debug)]
pub struct Options {
    /// Output folder: journal, table, manifest, frames.
    pub out: PathBuf,
    /// Worker threads; `None` for one per core.
    pub threads: Option<usize>,
    /// Run only this part of the sweep.
    pub shard: Option<Shard>,
    /// Also write the per-frame series of these configurations (those in the shard).
    pub frames: Vec<u64>,
    pub progress: ProgressMode,
    /// Runs the pending configurations in an order shuffled with this seed: lets tests show that
    /// the table does not depend on completion order.
    #[doc(hidden)]
    pub shuffle: Option<u64>,
}

impl Options {
    pub fn new(out: impl Into<PathBuf>) -> Options {
        Options {
            out: out.into(),
            threads: None,
            shard: None,
            frames: Vec::new(),
            progress: ProgressMode::Auto,
            shuffle: None,
        }
    }
}

/// What a run did.
#[derive(Clone, Debug)]
pub struct Report {
    pub out: PathBuf,
    pub shard: Option<Shard>,
    /// Configurations in this run's part of the sweep (all of them without a shard).
    pub configurations: u64,
    /// Found finished in the journal (a resume) and not run again.
    pub already_done: u64,
    /// Run this time.
    pub ran: u64,
    /// In the table: succeeded and failed.
    pub ok: u64,
    pub failed: u64,
    /// The lowest failed id and its error.
    pub first_failure: Option<(u64, String)>,
    /// Rows whose run carries warnings (the `warnings` column), and the lowest such id with them.
    pub warned: u64,
    pub first_warning: Option<(u64, String)>,
    pub threads: usize,
    pub elapsed: Duration,
    pub results_csv: PathBuf,
    pub results_parquet: PathBuf,
    /// Per-frame files of the configurations asked for with `frames`.
    pub frames: Vec<PathBuf>,
}

/// One evaluated configuration: the engine (for its model) and the run's output.
pub struct Evaluated {
    pub engine: Engine,
    pub output: RunOutput,
}

/// The engine on one configuration's scene.
pub fn evaluate(_id: u64, scene: &Scene) -> std::result::Result<Evaluated, String> {
    let engine = Engine::new(scene).map_err(|e| e.to_string())?;
    let output = engine.run().map_err(|e| e.to_string())?;
    Ok(Evaluated { engine, output })
}

/// Runs a sweep with the engine (see [`run_with`]).
pub fn run(sweep: &Sweep, opts: &Options) -> Result<Report> {
    run_with(sweep, opts, &evaluate)
}

type Eval<'a> = dyn Fn(u64, &Scene) -> std::result::Result<Evaluated, String> + Sync + 'a;

enum Msg {
    Row { ok: bool, line: String },
    Fatal(Error),
}

/// Runs every pending configuration of the sweep (or of `opts.shard`) through `eval`, resuming
/// from the journal in `opts.out`, and writes the table when all are done. A configuration that
/// fails (an error, or a panic) is a `failed` row with its error and the sweep goes on.
pub fn run_with(sweep: &Sweep, opts: &Options, eval: &Eval) -> Result<Report> {
    let started = Instant::now();
    let total = sweep.count();
    let shard = opts.shard.unwrap_or(Shard::ALL);
    if opts.threads == Some(0) {
        return Err(invalid("--threads must be at least 1"));
    }
    if let Some(id) = opts.frames.iter().find(|id| **id >= total) {
        return Err(invalid(format!(
            "--frames {id}: the sweep has configurations 0 to {}",
            total.saturating_sub(1)
        )));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.unwrap_or(0))
        .build()
        .map_err(|e| invalid(format!("cannot start worker threads: {e}")))?;

    let schema = Schema::new(sweep, reference_summary()?)?;
    pool.install(|| sweep.validate_all())?;
    let columns = schema.columns();
    let header = schema.header();
    let fingerprint = fingerprint(sweep, &columns);

    let out = opts.out.as_path();
    std::fs::create_dir_all(out).map_err(io_at(out))?;
    let _lock = lock(out)?;
    let mut manifest = Manifest {
        sweep: sweep.name.clone(),
        source: sweep.origin.clone(),
        fingerprint,
        configurations: total,
        shard: opts.shard,
        params: sweep.params().iter().map(|p| p.to_string()).collect(),
        columns: columns.clone(),
        complete: false,
        ok: 0,
        failed: 0,
        lumbus_version: env!("CARGO_PKG_VERSION").to_string(),
    };
    if out.join(files::MANIFEST).exists() {
        let old = table::read_manifest(out)?;
        if old.fingerprint != manifest.fingerprint || old.shard != manifest.shard {
            let part = |s: Option<Shard>| s.map(|s| format!(", shard {s}")).unwrap_or_default();
            return Err(invalid(format!(
                "{}: holds results of another sweep (`{}` from {}{}) — this one is `{}` from {}{}: choose another \
                 --out, or delete the folder to start over",
                out.display(),
                old.sweep,
                old.source,
                part(old.shard),
                manifest.sweep,
                manifest.source,
                part(manifest.shard)
            )));
        }
    }
    // The manifest goes first, so that a journal never exists without it.
    table::write_manifest(out, &manifest)?;
    let journal_path = out.join(files::JOURNAL);
    let (scan, writer) = journal::open(&journal_path, &header, columns.len(), shard, total)?;
    let already_done = scan.done();

    let frames_wanted: BTreeSet<u64> = opts.frames.iter().copied().filter(|id| shard.contains(*id)).collect();
    if !frames_wanted.is_empty() {
        let d = out.join(files::FRAMES_DIR);
        std::fs::create_dir_all(&d).map_err(io_at(&d))?;
    }
    // Work: every configuration without a row (found from the scan as it goes, not listed, so
    // memory stays at the scan's 8 bytes a configuration); plus, for frames asked for on a
    // resume, finished configurations whose frames file is missing (run for the frames only).
    let frames_only: Vec<(u64, bool)> = frames_wanted
        .iter()
        .filter(|id| scan.has(shard.local(**id)) && !files::frames_csv(out, **id).exists())
        .map(|id| (*id, false))
        .collect();
    let ran = shard.len(total) - already_done;
    let shuffled: Option<Vec<(u64, bool)>> = opts.shuffle.map(|seed| {
        let mut w: Vec<(u64, bool)> =
            (0..shard.len(total)).filter(|k| !scan.has(*k)).map(|k| (shard.id_at(k), true)).collect();
        w.extend(&frames_only);
        crate::rng::SplitMix64::new(seed).shuffle(&mut w);
        w
    });

    let mut progress = Progress::new(opts.progress, shard.len(total), already_done);
    let abort = AtomicBool::new(false);
    let (tx, rx) = mpsc::sync_channel::<Msg>(256);
    let result: Result<()> = std::thread::scope(|s| {
        let abort = &abort;
        let writer_thread = s.spawn(move || -> Result<()> {
            let mut writer = writer;
            for msg in rx {
                let r = match msg {
                    Msg::Row { ok, line } => writer.append(&line).map(|_| progress.finished_one(ok)),
                    Msg::Fatal(e) => Err(e),
                };
                if let Err(e) = r {
                    // Dropping the receiver makes the workers' sends fail: they stop.
                    abort.store(true, Ordering::Relaxed);
                    return Err(e);
                }
            }
            writer.finish()?;
            progress.finish();
            Ok(())
        });
        let job = |tx: &mut mpsc::SyncSender<Msg>, (id, row): (u64, bool)| {
            if abort.load(Ordering::Relaxed) {
                return;
            }
            let msg = compute(sweep, &schema, eval, out, id, row, frames_wanted.contains(&id));
            if let Some(msg) = msg
                && tx.send(msg).is_err()
            {
                abort.store(true, Ordering::Relaxed);
            }
        };
        pool.install(|| match &shuffled {
            Some(w) => w.par_iter().copied().for_each_with(tx, job),
            None => (0..shard.len(total))
                .into_par_iter()
                .filter(|k| !scan.has(*k))
                .map(|k| (shard.id_at(k), true))
                .chain(frames_only.par_iter().copied())
                .for_each_with(tx, job),
        });
        writer_thread.join().expect("the journal writer does not panic")
    });
    result?;
    drop((scan, shuffled));

    // Every row is in the journal: write the table in id order.
    let scan: Scan = journal::scan(&journal_path, &header, columns.len(), shard, total)?;
    if scan.done() != shard.len(total) {
        return Err(invalid(format!(
            "{}: {} of {} rows are missing after the run",
            journal_path.display(),
            shard.len(total) - scan.done(),
            shard.len(total)
        )));
    }
    let results_csv = out.join(files::RESULTS_CSV);
    let results_parquet = out.join(files::RESULTS_PARQUET);
    table::write_csv(&journal_path, &scan.rows, &header, &results_csv)?;
    table::write_parquet(&results_csv, &columns, &results_parquet)?;
    manifest.complete = true;
    manifest.ok = scan.ok;
    manifest.failed = scan.failed;
    table::write_manifest(out, &manifest)?;
    let (warned, first_warning) = table::warned_rows(&results_csv)?;
    let frames = frames_wanted.iter().map(|id| files::frames_csv(out, *id)).filter(|p| p.exists()).collect();
    Ok(Report {
        out: out.to_path_buf(),
        shard: opts.shard,
        configurations: shard.len(total),
        already_done,
        ran,
        ok: scan.ok,
        failed: scan.failed,
        first_failure: scan.first_failure,
        warned,
        first_warning,
        threads: pool.current_num_threads(),
        elapsed: started.elapsed(),
        results_csv,
        results_parquet,
        frames,
    })
}

/// A walking run of the default scene, whose summary has every optional part: the table's
/// summary columns come from it. Run once per process (it is the same every time); running it
/// also catches a broken engine before a sweep starts.
fn reference_summary() -> Result<&'static lumbus_core::Summary> {
    static REFERENCE: OnceLock<std::result::Result<lumbus_core::Summary, String>> = OnceLock::new();
    REFERENCE
        .get_or_init(|| lumbus_core::run(&Scene::default()).map(|o| o.summary).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| {
            invalid(format!("cannot work out the table's columns: the default scene does not run: {e}"))
        })
}

/// Evaluates one configuration: its row (when `row`), after its frames file (when `frames`).
fn compute(
    sweep: &Sweep,
    schema: &Schema,
    eval: &Eval,
    out: &Path,
    id: u64,
    row: bool,
    frames: bool,
) -> Option<Msg> {
    let values = sweep.config(id);
    let outcome = sweep.scene_of(&values).and_then(|scene| {
        // A panic in the engine on one configuration is that configuration's failure.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| eval(id, &scene)))
            .unwrap_or_else(|p| Err(format!("the engine panicked: {}", panic_message(&*p))))
    });
    if frames && let Ok(ev) = &outcome {
        // Written before the row, through a rename: a row in the journal means its frames file
        // is whole.
        let path = files::frames_csv(out, id);
        let tmp = path.with_extension("csv.tmp");
        let written = lumbus_io::write_frames_csv(&tmp, &ev.engine.model, &ev.output.frames)
            .and_then(|_| std::fs::rename(&tmp, &path));
        if let Err(e) = written {
            return Some(Msg::Fatal(io_at(&path)(e)));
        }
    }
    if !row {
        return None;
    }
    let summary = outcome.as_ref().map(|e| &e.output.summary).map_err(|e| e.as_str());
    let (line, ok) = schema.row(id, &values, summary);
    Some(Msg::Row { ok, line })
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}

/// One process per output folder: a second would interleave the journal. The lock goes with the
/// process, even on SIGKILL.
pub(crate) fn lock(dir: &Path) -> Result<File> {
    let p = dir.join(files::LOCK);
    let f = OpenOptions::new().create(true).truncate(false).write(true).open(&p).map_err(io_at(&p))?;
    match f.try_lock() {
        Ok(()) => Ok(f),
        Err(std::fs::TryLockError::WouldBlock) => {
            Err(invalid(format!("{}: another lumbus process is writing to this folder", dir.display())))
        }
        Err(std::fs::TryLockError::Error(e)) => Err(io_at(&p)(e)),
    }
}

/// FNV-1a (64 bit) of what determines the table: the sweep and the columns.
fn fingerprint(sweep: &Sweep, columns: &[crate::Column]) -> String {
    let text = serde_json::json!({"sweep": sweep.describe(), "columns": columns}).to_string();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}
