//! OpenSim storage (`.sto`, version 1) files for results, so OpenSim users can open Lumbus's
//! joint moments and lumbar loads in their own tools (plots, the GUI's preview).

use std::io::Write;
use std::path::Path;

use lumbus_core::Frame;
use lumbus_core::params::LEVEL_NAMES;

/// Writes a version-1 `.sto`: a name line, the header keys OpenSim reads, `endheader`, the
/// column labels (`time` first), then one tab-separated row per time.
pub fn write_sto(
    path: &Path,
    name: &str,
    labels: &[String],
    times: &[f64],
    rows: &[Vec<f64>],
) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(w, "{name}")?;
    writeln!(w, "version=1")?;
    writeln!(w, "nRows={}", times.len())?;
    writeln!(w, "nColumns={}", labels.len() + 1)?;
    writeln!(w, "inDegrees=no")?;
    writeln!(w, "Units are S.I. units (second, meters, Newtons, ...)")?;
    writeln!(w, "endheader")?;
    writeln!(w, "time\t{}", labels.join("\t"))?;
    for (t, row) in times.iter().zip(rows) {
        write!(w, "{t:.8}")?;
        for v in row {
            write!(w, "\t{v:.8}")?;
        }
        writeln!(w)?;
    }
    w.flush()
}

/// Generalised forces per coordinate, labelled as OpenSim's inverse dynamics labels them
/// (`<coordinate>_moment`, or `_force` for translations).
pub fn write_joint_moments(
    path: &Path,
    coordinates: &[(String, bool)],
    times: &[f64],
    forces: &[Vec<f64>],
) -> std::io::Result<()> {
    let labels: Vec<String> = coordinates
        .iter()
        .map(|(n, translational)| format!("{n}_{}", if *translational { "force" } else { "moment" }))
        .collect();
    write_sto(path, "Inverse Dynamics Generalized Forces", &labels, times, forces)
}

/// Per lumbar level: compression, anterior–posterior and medio-lateral shear, right and left
/// facet forces, N (the same quantities as `frames.csv`).
pub fn write_lumbar_loads(path: &Path, frames: &[Frame]) -> std::io::Result<()> {
    let quantities = ["compression", "ap_shear", "ml_shear", "facet_right", "facet_left"];
    let labels: Vec<String> =
        LEVEL_NAMES.iter().flat_map(|l| quantities.iter().map(move |q| format!("{l}_{q}"))).collect();
    let rows: Vec<Vec<f64>> = frames
        .iter()
        .map(|f| {
            f.levels
                .iter()
                .flat_map(|l| [l.compression_n, l.ap_shear_n, l.ml_shear_n, l.facet_right_n, l.facet_left_n])
                .collect()
        })
        .collect();
    let times: Vec<f64> = frames.iter().map(|f| f.time_s).collect();
    write_sto(path, "Lumbus lumbar loads", &labels, &times, &rows)
}

#[cfg(test)]
mod tests {
    use super::super::table::Table;
    use super::*;

    #[test]
    fn a_written_sto_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.sto");
        let coords = vec![("hip_flexion_r".to_string(), false), ("pelvis_tx".to_string(), true)];
        write_joint_moments(&p, &coords, &[0.0, 0.1], &[vec![1.5, -2.0], vec![3.0, 4.0]]).unwrap();
        let t = Table::read(&p).unwrap();
        assert_eq!(t.columns, ["hip_flexion_r_moment", "pelvis_tx_force"]);
        assert_eq!(t.column("pelvis_tx_force").unwrap(), [-2.0, 4.0]);
        assert_eq!(t.time, [0.0, 0.1]);
    }
}
