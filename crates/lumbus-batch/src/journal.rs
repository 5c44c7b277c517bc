//! The journal: `journal.csv`, one line per finished configuration in completion order, appended
//! with one `write` per row. It is what a resume reads, and what the final table is built from.
//!
//! Durability: a killed process (even SIGKILL) loses nothing it has written, since the kernel
//! holds it; `fsync` only guards against the machine itself going down, so the journal is synced
//! at most once a second and at the end: a crash loses at most that second of rows, which the
//! resume recomputes. A kill can cut the last line short (a write that spans pages can be
//! interrupted), and a crash can leave garbage, so reading keeps only complete, well-formed lines
//! of this sweep (the first of each id) and rewrites the file when it found anything else.

use crate::columns::{FAILED, OK};
use crate::error::{Result, invalid, io_at};
use crate::spec::Shard;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const SYNC_EVERY: Duration = Duration::from_secs(1);

/// Marks a configuration with no row yet in [`Scan::rows`].
pub(crate) const MISSING: u64 = u64::MAX;

/// What a scan of the journal found.
pub(crate) struct Scan {
    /// Byte offset of each configuration's row (by its position in the shard), or [`MISSING`]:
    /// 8 bytes a configuration is all a sweep keeps in memory for its rows.
    pub rows: Vec<u64>,
    pub ok: u64,
    pub failed: u64,
    /// The lowest failed id and its error.
    pub first_failure: Option<(u64, String)>,
    /// Whether anything besides the header and valid rows was found.
    pub dirty: bool,
}

impl Scan {
    pub fn done(&self) -> u64 {
        self.ok + self.failed
    }
    pub fn has(&self, local: u64) -> bool {
        self.rows[local as usize] != MISSING
    }
}

/// Parses one journal line: `(id, ok, error)` when it is one complete record of `n_fields`.
pub(crate) fn parse_row(line: &[u8], n_fields: usize) -> Option<(u64, bool, String)> {
    let fields = split_record(line.strip_suffix(b"\n")?)?;
    if fields.len() != n_fields {
        return None;
    }
    let id = std::str::from_utf8(&unquote(line, fields[0])).ok()?.parse().ok()?;
    let ok = match &*unquote(line, fields[n_fields - 2]) {
        s if s == OK.as_bytes() => true,
        s if s == FAILED.as_bytes() => false,
        _ => return None,
    };
    Some((id, ok, String::from_utf8_lossy(&unquote(line, fields[n_fields - 1])).into_owned()))
}

/// The fields of one CSV record as written by the csv crate (RFC 4180: fields with a comma, a
/// quote or a newline are quoted, quotes doubled), as byte ranges still quoted; `None` when the
/// record is malformed. Written out because building a csv reader for each line cost about as
/// much as everything else done with the row.
fn split_record(rec: &[u8]) -> Option<Vec<(usize, usize)>> {
    let mut fields = Vec::new();
    let mut i = 0;
    loop {
        let start = i;
        if rec.get(i) == Some(&b'"') {
            i += 1;
            loop {
                match rec.get(i) {
                    None => return None,
                    Some(b'"') if rec.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => break,
                    Some(_) => i += 1,
                }
            }
            i += 1;
        } else {
            while let Some(c) = rec.get(i) {
                match c {
                    b',' => break,
                    b'"' | b'\n' | b'\r' => return None,
                    _ => i += 1,
                }
            }
        }
        fields.push((start, i));
        match rec.get(i) {
            None => return Some(fields),
            Some(b',') => i += 1,
            Some(_) => return None,
        }
    }
}

fn unquote(line: &[u8], (start, end): (usize, usize)) -> std::borrow::Cow<'_, [u8]> {
    let f = &line[start..end];
    match f.strip_prefix(b"\"").and_then(|f| f.strip_suffix(b"\"")) {
        Some(inner) if inner.contains(&b'"') => {
            let mut out = Vec::with_capacity(inner.len());
            let mut k = 0;
            while k < inner.len() {
                out.push(inner[k]);
                k += if inner[k] == b'"' { 2 } else { 1 };
            }
            std::borrow::Cow::Owned(out)
        }
        Some(inner) => std::borrow::Cow::Borrowed(inner),
        None => std::borrow::Cow::Borrowed(f),
    }
}

/// Reads the journal at `path` (which must exist) for a sweep of `total` configurations.
pub(crate) fn scan(path: &Path, header: &str, n_fields: usize, shard: Shard, total: u64) -> Result<Scan> {
    let file = File::open(path).map_err(io_at(path))?;
    let mut r = BufReader::with_capacity(1 << 16, file);
    let mut line = Vec::new();
    let mut s = Scan {
        rows: vec![MISSING; shard.len(total) as usize],
        ok: 0,
        failed: 0,
        first_failure: None,
        dirty: false,
    };
    let n = r.read_until(b'\n', &mut line).map_err(io_at(path))?;
    if line != header.as_bytes() {
        // Only a header cut short by a kill right after creation is expected here.
        if n == 0 || header.as_bytes().starts_with(&line) {
            s.dirty = true;
            return Ok(s);
        }
        return Err(invalid(format!(
            "{}: its columns are not this sweep's: move it away, or choose another --out",
            path.display()
        )));
    }
    let mut offset = n as u64;
    loop {
        line.clear();
        let n = r.read_until(b'\n', &mut line).map_err(io_at(path))?;
        if n == 0 {
            break;
        }
        match parse_row(&line, n_fields) {
            Some((id, ok, error)) if id < total && shard.contains(id) && !s.has(shard.local(id)) => {
                s.rows[shard.local(id) as usize] = offset;
                if ok {
                    s.ok += 1;
                } else {
                    s.failed += 1;
                    if s.first_failure.as_ref().is_none_or(|(f, _)| id < *f) {
                        s.first_failure = Some((id, error));
                    }
                }
            }
            _ => s.dirty = true,
        }
        offset += n as u64;
    }
    Ok(s)
}

/// Opens the journal for appending after a resume: creates it, or rewrites it keeping only the
/// rows `scan` accepted when it found anything else. Returns the scan of what is kept.
pub(crate) fn open(
    path: &Path,
    header: &str,
    n_fields: usize,
    shard: Shard,
    total: u64,
) -> Result<(Scan, Writer)> {
    let scan = if path.exists() {
        let s = scan(path, header, n_fields, shard, total)?;
        if s.dirty {
            rewrite(path, header, &s)?;
            self::scan(path, header, n_fields, shard, total)?
        } else {
            s
        }
    } else {
        write_new(path, header, |_| Ok(()))?;
        self::scan(path, header, n_fields, shard, total)?
    };
    let file = OpenOptions::new().append(true).open(path).map_err(io_at(path))?;
    Ok((scan, Writer { file, path: path.to_path_buf(), last_sync: Instant::now() }))
}

/// Writes a file through a temporary and a rename, so it is either whole or absent.
fn write_new(path: &Path, header: &str, body: impl FnOnce(&mut File) -> Result<()>) -> Result<()> {
    let tmp = path.with_extension("csv.tmp");
    let mut f = File::create(&tmp).map_err(io_at(&tmp))?;
    f.write_all(header.as_bytes()).map_err(io_at(&tmp))?;
    body(&mut f)?;
    f.sync_all().map_err(io_at(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io_at(path))
}

fn rewrite(path: &Path, header: &str, scan: &Scan) -> Result<()> {
    let mut src = BufReader::new(File::open(path).map_err(io_at(path))?);
    let mut offsets: Vec<u64> = scan.rows.iter().copied().filter(|o| *o != MISSING).collect();
    offsets.sort_unstable();
    write_new(path, header, |dst| {
        let mut buf = Vec::new();
        for offset in offsets {
            read_line_at(&mut src, offset, &mut buf).map_err(io_at(path))?;
            dst.write_all(&buf).map_err(io_at(path))?;
        }
        Ok(())
    })
}

/// Reads the line that starts at `offset` (with its newline) into `buf`.
pub(crate) fn read_line_at(src: &mut BufReader<File>, offset: u64, buf: &mut Vec<u8>) -> std::io::Result<()> {
    src.seek(SeekFrom::Start(offset))?;
    buf.clear();
    src.read_until(b'\n', buf)?;
    Ok(())
}

/// Appends rows, one `write` each.
pub(crate) struct Writer {
    file: File,
    path: PathBuf,
    last_sync: Instant,
}

impl Writer {
    pub fn append(&mut self, line: &str) -> Result<()> {
        self.file.write_all(line.as_bytes()).map_err(io_at(&self.path))?;
        if self.last_sync.elapsed() >= SYNC_EVERY {
            self.file.sync_data().map_err(io_at(&self.path))?;
            self.last_sync = Instant::now();
        }
        Ok(())
    }

    pub fn finish(self) -> Result<()> {
        self.file.sync_data().map_err(io_at(&self.path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "config_id,x,status,error\n";

    #[test]
    fn keeps_complete_rows_once_and_drops_torn_and_garbage_lines() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("journal.csv");
        let body = "3,0.5,ok,\n\0\0\0\0\n1,0.25,failed,\"boom, it broke\"\n3,0.5,ok,\n9,1,ok,\n2,0.4,o";
        std::fs::write(&p, format!("{HEADER}{body}")).unwrap();
        let (s, mut w) = open(&p, HEADER, 4, Shard::ALL, 5).unwrap();
        assert_eq!((s.ok, s.failed, s.dirty), (1, 1, false));
        assert_eq!(s.first_failure, Some((1, "boom, it broke".to_string())));
        let done: Vec<bool> = (0..5).map(|k| s.has(k)).collect();
        assert_eq!(done, [false, true, false, true, false]);
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            format!("{HEADER}3,0.5,ok,\n1,0.25,failed,\"boom, it broke\"\n")
        );
        w.append("0,0.1,ok,\n").unwrap();
        w.finish().unwrap();
        let s = scan(&p, HEADER, 4, Shard::ALL, 5).unwrap();
        assert_eq!((s.done(), s.dirty), (3, false));
    }

    #[test]
    fn rows_split_like_the_csv_crate_reads_them() {
        let fields: [&[&str]; 4] = [
            &["7", "1.5", "ok", ""],
            &["8", "a,b", "x\"y\"", "failed", "it \"broke\", badly"],
            &["", "", "failed", "\"\""],
            &["9", "", "ok", ","],
        ];
        for f in fields {
            let line = crate::columns::csv_line(f);
            let got = parse_row(line.as_bytes(), f.len());
            let want = f[0].parse().ok().map(|id| (id, f[f.len() - 2] == "ok", f[f.len() - 1].to_string()));
            assert_eq!(got, want, "{line}");
        }
        for bad in ["1,ok,\"x\n", "1,o\"k,x\n", "1,ok,\"x\"y\n", "1,ok,x", "1,maybe,x\n"] {
            assert_eq!(parse_row(bad.as_bytes(), 3), None, "{bad:?}");
        }
    }

    #[test]
    fn only_the_shards_ids_count() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("journal.csv");
        std::fs::write(&p, format!("{HEADER}1,0,ok,\n2,0,ok,\n4,0,ok,\n")).unwrap();
        let s = scan(&p, HEADER, 4, "1/3".parse().unwrap(), 6).unwrap();
        assert_eq!((s.done(), s.dirty, s.rows.len()), (2, true, 2));
    }

    #[test]
    fn a_journal_of_other_columns_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("journal.csv");
        std::fs::write(&p, "config_id,y,status,error\n").unwrap();
        let e = open(&p, HEADER, 4, Shard::ALL, 5).err().unwrap().to_string();
        assert!(e.contains("journal.csv") && e.contains("not this sweep"), "{e}");
        // A header cut short is just restarted.
        std::fs::write(&p, "config_id,x,st").unwrap();
        let (s, _) = open(&p, HEADER, 4, Shard::ALL, 5).unwrap();
        assert_eq!(s.done(), 0);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), HEADER);
    }
}
