//! The final table (`results.csv`, `results.parquet`) and the manifest (`sweep.json`).
//!
//! The CSV is the journal's lines in id order, copied byte for byte, so a single run and a merge
//! of shards give the same bytes; the Parquet file is read from that CSV in batches of
//! `ROW_GROUP` rows, so memory does not grow with the sweep.

use crate::columns::{Column, ID, Kind};
use crate::error::{Result, invalid, io_at};
use crate::journal::{MISSING, read_line_at};
use crate::spec::Shard;
use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::schema::types::ColumnPath;
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

/// Rows per Parquet row group and per batch read from the CSV.
const ROW_GROUP: usize = 1024;

/// The rows of a results table whose `warnings` column is not empty (runs that stretched the
/// engine, `lumbus_core::warnings`): how many, and the lowest `config_id` with its warnings.
pub fn warned_rows(csv_path: &Path) -> Result<(u64, Option<(u64, String)>)> {
    let bad = |e: csv::Error| invalid(format!("{}: {e}", csv_path.display()));
    let mut r = csv::Reader::from_path(csv_path).map_err(bad)?;
    let header = r.headers().map_err(bad)?.clone();
    let (Some(id), Some(w)) =
        (header.iter().position(|h| h == ID), header.iter().position(|h| h == "warnings"))
    else {
        return Ok((0, None));
    };
    let (mut n, mut first) = (0, None::<(u64, String)>);
    for rec in r.records() {
        let rec = rec.map_err(bad)?;
        if rec[w].is_empty() {
            continue;
        }
        n += 1;
        let i: u64 = rec[id]
            .parse()
            .map_err(|_| invalid(format!("{}: config_id {}", csv_path.display(), &rec[id])))?;
        if first.as_ref().is_none_or(|(f, _)| i < *f) {
            first = Some((i, rec[w].to_string()));
        }
    }
    Ok((n, first))
}

/// `sweep.json`: what an output folder holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub sweep: String,
    pub source: String,
    /// Hash of the base scene, the axes and the table's columns: a resume or a merge checks it.
    pub fingerprint: String,
    pub configurations: u64,
    /// The part of the sweep this folder holds; `None` for all of it.
    pub shard: Option<Shard>,
    /// The swept parameters (the table's parameter columns).
    pub params: Vec<String>,
    pub columns: Vec<Column>,
    /// Whether `results.csv` and `results.parquet` hold every configuration of the shard.
    pub complete: bool,
    pub ok: u64,
    pub failed: u64,
    pub lumbus_version: String,
}

pub fn read_manifest(dir: &Path) -> Result<Manifest> {
    let p = dir.join(crate::files::MANIFEST);
    let text = std::fs::read_to_string(&p).map_err(|e| {
        invalid(format!("{}: cannot read it ({e}): is {} a sweep output folder?", p.display(), dir.display()))
    })?;
    serde_json::from_str(&text).map_err(|e| invalid(format!("{}: {e}", p.display())))
}

pub(crate) fn write_manifest(dir: &Path, m: &Manifest) -> Result<()> {
    let p = dir.join(crate::files::MANIFEST);
    write_atomically(&p, |w| {
        serde_json::to_writer_pretty(&mut *w, m).map_err(|e| invalid(e.to_string()))?;
        w.write_all(b"\n").map_err(io_at(&p))
    })
}

/// Writes `path` through a temporary file and a rename: readers see the old file or the new one.
pub(crate) fn write_atomically(
    path: &Path,
    body: impl FnOnce(&mut BufWriter<File>) -> Result<()>,
) -> Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = std::path::PathBuf::from(tmp);
    let mut w = BufWriter::new(File::create(&tmp).map_err(io_at(&tmp))?);
    body(&mut w)?;
    let f = w.into_inner().map_err(|e| invalid(format!("{}: {e}", tmp.display())))?;
    f.sync_all().map_err(io_at(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io_at(path))
}

/// Writes `results.csv`: the header, then the row at each offset of `rows` (in id order), copied
/// from the journal.
pub(crate) fn write_csv(journal: &Path, rows: &[u64], header: &str, out: &Path) -> Result<()> {
    let mut src = std::io::BufReader::new(File::open(journal).map_err(io_at(journal))?);
    let mut buf = Vec::new();
    write_atomically(out, |w| {
        w.write_all(header.as_bytes()).map_err(io_at(out))?;
        for &offset in rows {
            if offset == MISSING {
                return Err(invalid(format!("{}: a row is missing", journal.display())));
            }
            read_line_at(&mut src, offset, &mut buf).map_err(io_at(journal))?;
            w.write_all(&buf).map_err(io_at(out))?;
        }
        Ok(())
    })
}

fn data_type(k: Kind) -> DataType {
    match k {
        Kind::Float => DataType::Float64,
        Kind::Int => DataType::Int64,
        Kind::Str => DataType::Utf8,
        Kind::Bool => DataType::Boolean,
    }
}

/// Writes `results.parquet` from `results.csv`, typed by `columns`; empty cells are nulls.
pub(crate) fn write_parquet(csv_path: &Path, columns: &[Column], out: &Path) -> Result<()> {
    let fields: Vec<Field> =
        columns.iter().map(|c| Field::new(c.name.as_str(), data_type(c.kind), c.name != ID)).collect();
    let schema = Arc::new(Schema::new(fields));
    // Dictionaries only for text (scene names, status, errors repeat; measurements do not): the
    // dictionary builders would otherwise be most of the writer's memory. Statistics per column
    // chunk, not per page, so no page index accumulates until the file is closed.
    let mut props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(ROW_GROUP))
        .set_dictionary_enabled(false)
        .set_statistics_enabled(EnabledStatistics::Chunk);
    for c in columns.iter().filter(|c| c.kind == Kind::Str) {
        props = props.set_column_dictionary_enabled(ColumnPath::from(c.name.as_str()), true);
    }
    let props = props.build();
    let mut rdr = csv::ReaderBuilder::new()
        .from_path(csv_path)
        .map_err(|e| invalid(format!("{}: {e}", csv_path.display())))?;
    let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let header = rdr.headers().map_err(|e| invalid(format!("{}: {e}", csv_path.display())))?;
    if header.iter().collect::<Vec<_>>() != names {
        return Err(invalid(format!("{}: its columns are not the sweep's", csv_path.display())));
    }
    write_atomically(out, |w| {
        let perr = |e: parquet::errors::ParquetError| invalid(format!("{}: {e}", out.display()));
        let mut writer = ArrowWriter::try_new(w, schema.clone(), Some(props)).map_err(perr)?;
        let mut batch: Vec<csv::StringRecord> = Vec::with_capacity(ROW_GROUP);
        let mut records = rdr.records();
        loop {
            let next = records.next();
            if let Some(r) = next.as_ref() {
                let r = r.as_ref().map_err(|e| invalid(format!("{}: {e}", csv_path.display())))?;
                batch.push(r.clone());
            }
            if batch.len() == ROW_GROUP || (next.is_none() && !batch.is_empty()) {
                let b = record_batch(&schema, columns, &batch, csv_path)?;
                writer.write(&b).map_err(perr)?;
                batch.clear();
            }
            if next.is_none() {
                break;
            }
        }
        writer.close().map_err(perr)?;
        Ok(())
    })
}

fn record_batch(
    schema: &Arc<Schema>,
    columns: &[Column],
    rows: &[csv::StringRecord],
    path: &Path,
) -> Result<RecordBatch> {
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(columns.len());
    for (j, c) in columns.iter().enumerate() {
        let bad = |r: &csv::StringRecord| {
            invalid(format!(
                "{}: config {}: column `{}`: cannot read `{}` as {:?}",
                path.display(),
                &r[0],
                c.name,
                &r[j],
                c.kind
            ))
        };
        let cell = |r: &csv::StringRecord| -> Option<String> {
            let s = &r[j];
            if s.is_empty() { None } else { Some(s.to_string()) }
        };
        let array: ArrayRef = match c.kind {
            Kind::Float => Arc::new(Float64Array::from(
                rows.iter()
                    .map(|r| cell(r).map(|s| s.parse::<f64>().map_err(|_| bad(r))).transpose())
                    .collect::<Result<Vec<_>>>()?,
            )),
            Kind::Int => Arc::new(Int64Array::from(
                rows.iter()
                    .map(|r| cell(r).map(|s| s.parse::<i64>().map_err(|_| bad(r))).transpose())
                    .collect::<Result<Vec<_>>>()?,
            )),
            Kind::Bool => Arc::new(BooleanArray::from(
                rows.iter()
                    .map(|r| cell(r).map(|s| s.parse::<bool>().map_err(|_| bad(r))).transpose())
                    .collect::<Result<Vec<_>>>()?,
            )),
            Kind::Str => Arc::new(StringArray::from(rows.iter().map(cell).collect::<Vec<_>>())),
        };
        arrays.push(array);
    }
    RecordBatch::try_new(schema.clone(), arrays).map_err(|e| invalid(format!("{}: {e}", path.display())))
}
