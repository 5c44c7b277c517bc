//! `lumbus merge`: joins the tables of a sweep's shards into the table a single run gives.
//!
//! Shard `i/N` holds ids ≡ i (mod N) in order, so the merged table takes id `k` from shard
//! `k % N`: a round-robin over the shards' `results.csv`, one line buffered per shard, rows
//! copied byte for byte.

use crate::columns::csv_line;
use crate::error::{Result, invalid, io_at};
use crate::files;
use crate::journal::parse_row;
use crate::spec::Shard;
use crate::table::{self, Manifest};
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

#[derive(Clone, Debug)]
pub struct MergeReport {
    pub out: PathBuf,
    pub configurations: u64,
    pub ok: u64,
    pub failed: u64,
    pub results_csv: PathBuf,
    pub results_parquet: PathBuf,
    /// Per-frame files copied from the shards.
    pub frames: usize,
}

/// Merges the finished shard folders `shards` (every shard of one sweep, in any order) into `out`.
pub fn merge(out: &Path, shards: &[PathBuf]) -> Result<MergeReport> {
    if shards.is_empty() {
        return Err(invalid("give the output folders of the shards to merge"));
    }
    let manifests: Vec<Manifest> = shards.iter().map(|d| table::read_manifest(d)).collect::<Result<_>>()?;
    let first = &manifests[0];
    let n = first.shard.unwrap_or(Shard::ALL).count;
    let mut by_index: Vec<Option<usize>> = vec![None; n as usize];
    for (k, (dir, m)) in shards.iter().zip(&manifests).enumerate() {
        if m.fingerprint != first.fingerprint {
            return Err(invalid(format!(
                "{}: holds another sweep (`{}` from {}) than {} (`{}` from {})",
                dir.display(),
                m.sweep,
                m.source,
                shards[0].display(),
                first.sweep,
                first.source
            )));
        }
        let s = m.shard.unwrap_or(Shard::ALL);
        if !m.complete {
            return Err(invalid(format!(
                "{}: shard {s} is not finished: run `lumbus sweep {} --shard {s} --out {}` again to finish it",
                dir.display(),
                m.source,
                dir.display()
            )));
        }
        if s.count != n {
            return Err(invalid(format!(
                "{}: shard {s} is one of {} parts, but {} is one of {n}",
                dir.display(),
                s.count,
                shards[0].display()
            )));
        }
        if let Some(j) = by_index[s.index as usize] {
            return Err(invalid(format!("{} and {} are both shard {s}", shards[j].display(), dir.display())));
        }
        by_index[s.index as usize] = Some(k);
    }
    let missing: Vec<String> =
        (0..n).filter(|i| by_index[*i as usize].is_none()).map(|i| format!("{i}/{n}")).collect();
    if !missing.is_empty() {
        return Err(invalid(format!(
            "shard {} missing: give every shard's output folder",
            missing.join(", ")
        )));
    }
    std::fs::create_dir_all(out).map_err(io_at(out))?;
    let out_abs = out.canonicalize().map_err(io_at(out))?;
    for d in shards {
        if d.canonicalize().map_err(io_at(d))? == out_abs {
            return Err(invalid(format!(
                "{}: the merged table cannot go into a shard's own folder",
                out.display()
            )));
        }
    }
    let _lock = crate::runner::lock(out)?;
    if out.join(files::MANIFEST).exists() {
        let old = table::read_manifest(out)?;
        if old.fingerprint != first.fingerprint {
            return Err(invalid(format!(
                "{}: holds results of another sweep (`{}` from {}): choose another output folder",
                out.display(),
                old.sweep,
                old.source
            )));
        }
    }

    let names: Vec<&str> = first.columns.iter().map(|c| c.name.as_str()).collect();
    let header = csv_line(&names);
    let n_fields = names.len();
    let mut readers: Vec<(PathBuf, BufReader<File>)> = Vec::with_capacity(n as usize);
    for i in 0..n as usize {
        let p = shards[by_index[i].expect("checked")].join(files::RESULTS_CSV);
        let mut r = BufReader::new(File::open(&p).map_err(io_at(&p))?);
        let mut h = String::new();
        r.read_line(&mut h).map_err(io_at(&p))?;
        if h != header {
            return Err(invalid(format!("{}: its columns are not those in its sweep.json", p.display())));
        }
        readers.push((p, r));
    }
    let results_csv = out.join(files::RESULTS_CSV);
    let (mut ok, mut failed) = (0, 0);
    table::write_atomically(&results_csv, |w| {
        w.write_all(header.as_bytes()).map_err(io_at(&results_csv))?;
        let mut line = Vec::new();
        for id in 0..first.configurations {
            let (p, r) = &mut readers[(id % n) as usize];
            line.clear();
            r.read_until(b'\n', &mut line).map_err(io_at(p))?;
            match parse_row(&line, n_fields) {
                Some((got, row_ok, _)) if got == id => {
                    if row_ok {
                        ok += 1;
                    } else {
                        failed += 1;
                    }
                }
                _ => {
                    return Err(invalid(format!(
                        "{}: expected the row of configuration {id}, found `{}`",
                        p.display(),
                        String::from_utf8_lossy(&line).chars().take(40).collect::<String>()
                    )));
                }
            }
            w.write_all(&line).map_err(io_at(&results_csv))?;
        }
        for (p, r) in &mut readers {
            line.clear();
            if r.read_until(b'\n', &mut line).map_err(io_at(p))? != 0 {
                return Err(invalid(format!("{}: has rows beyond its shard's configurations", p.display())));
            }
        }
        Ok(())
    })?;
    let results_parquet = out.join(files::RESULTS_PARQUET);
    table::write_parquet(&results_csv, &first.columns, &results_parquet)?;

    let mut frames = 0;
    for d in shards {
        let src = d.join(files::FRAMES_DIR);
        let Ok(entries) = std::fs::read_dir(&src) else { continue };
        let dst = out.join(files::FRAMES_DIR);
        std::fs::create_dir_all(&dst).map_err(io_at(&dst))?;
        for e in entries {
            let e = e.map_err(io_at(&src))?;
            let name = e.file_name();
            if name.to_string_lossy().ends_with(".csv") {
                std::fs::copy(e.path(), dst.join(&name)).map_err(io_at(&e.path()))?;
                frames += 1;
            }
        }
    }
    let manifest = Manifest { shard: None, complete: true, ok, failed, ..first.clone() };
    table::write_manifest(out, &manifest)?;
    Ok(MergeReport {
        out: out.to_path_buf(),
        configurations: first.configurations,
        ok,
        failed,
        results_csv,
        results_parquet,
        frames,
    })
}
