//! Force plates from a C3D recording as the two feet's ground loads, in OpenSim's axes.
//!
//! Each contact (heel strike to toe-off) on a plate is given to the foot whose calcaneus
//! marker (`RCAL`/`LCAL`) is nearer, horizontally, to the centre of pressure at the contact's
//! peak force; a contact is refused when neither marker is seen then. Each foot's load is the
//! sum of the contacts given to it (centre of pressure force-weighted). Outside contacts a
//! foot carries nothing.
//!
//! Axes: C3D labs are Z-up; OpenSim ground is Y-up. The conversion is (x, y, z)_lab →
//! (x, z, −y): lab X stays forward, lab Z becomes up (an assumption about the lab's
//! orientation, true of `walking2.c3d`'s Z-up lab; a lab whose walking direction is Y needs
//! its own rotation).

use std::path::Path;

use super::c3d::{C3dRecording, ContactEventKind};
use super::error::{RecordedError, Result};
use super::external_loads::{AppliedLoad, GroundLoads, Side};

/// Lab (Z-up) to OpenSim (Y-up) axes.
fn to_opensim(v: [f64; 3]) -> [f64; 3] {
    [v[0], v[2], -v[1]]
}

/// The two feet's loads from a C3D recording's plates (right on `calcn_r`, left on `calcn_l`).
pub fn ground_loads_from_c3d(rec: &C3dRecording) -> Result<GroundLoads> {
    let n = rec.time.len();
    let mut force = [vec![[0.0; 3]; n], vec![[0.0; 3]; n]];
    let mut point = [vec![[0.0; 3]; n], vec![[0.0; 3]; n]];
    let mut torque = [vec![[0.0; 3]; n], vec![[0.0; 3]; n]];
    let bad =
        |plate: usize, detail: String| RecordedError::ForcePlate { path: rec.path.clone(), plate, detail };
    for p in &rec.plates {
        // Contacts: heel strike → next toe-off (a contact open at either end of the file
        // runs to that end).
        let mut spans = Vec::new();
        let mut start =
            if p.events.first().is_some_and(|e| e.kind == ContactEventKind::ToeOff) { Some(0) } else { None };
        for e in &p.events {
            match e.kind {
                ContactEventKind::HeelStrike => start = Some(e.sample),
                ContactEventKind::ToeOff => {
                    if let Some(s) = start.take() {
                        spans.push((s, e.sample));
                    }
                }
            }
        }
        if let Some(s) = start {
            spans.push((s, n));
        }
        for (s, e) in spans {
            let peak = (s..e).max_by(|&a, &b| p.normal_force[a].total_cmp(&p.normal_force[b])).unwrap_or(s);
            let cop = p.cop[peak].ok_or_else(|| {
                bad(p.index, format!("no centre of pressure at t = {:.3} s", rec.time[peak]))
            })?;
            let frame = ((rec.time[peak] * rec.markers.rate).round() as usize)
                .min(rec.markers.time.len().saturating_sub(1));
            let distance = |label: &str| {
                rec.markers
                    .get(label)
                    .and_then(|m| m.get(frame).copied().flatten())
                    .map(|q| (q[0] - cop[0]).hypot(q[1] - cop[1]))
            };
            let side = match (distance("RCAL"), distance("LCAL")) {
                (Some(r), Some(l)) => usize::from(l < r),
                (Some(_), None) => 0,
                (None, Some(_)) => 1,
                (None, None) => {
                    return Err(bad(
                        p.index,
                        format!(
                            "neither RCAL nor LCAL is seen at t = {:.3} s: cannot tell which foot is on the plate",
                            rec.time[peak]
                        ),
                    ));
                }
            };
            for i in s..e {
                let f = to_opensim(p.force[i]);
                let Some(c) = p.cop[i] else { continue };
                let c = to_opensim(c);
                let before = force[side][i][1];
                let after = before + f[1];
                for k in 0..3 {
                    force[side][i][k] += f[k];
                    torque[side][i][k] += to_opensim(p.free_moment[i])[k];
                    point[side][i][k] = if after.abs() > 1e-9 {
                        (point[side][i][k] * before + c[k] * f[1]) / after
                    } else {
                        c[k]
                    };
                }
            }
        }
    }
    let [fr, fl] = force;
    let [pr, pl] = point;
    let [tr, tl] = torque;
    let load = |name: &str, body: &str, side, force, point, torque| AppliedLoad {
        name: name.into(),
        applied_to_body: body.into(),
        side: Some(side),
        force_expressed_in_body: "ground".into(),
        point_expressed_in_body: "ground".into(),
        force,
        point: Some(point),
        torque: Some(torque),
        columns: Vec::new(),
    };
    Ok(GroundLoads {
        path: rec.path.clone(),
        time: rec.time.clone(),
        loads: vec![
            load("right", "calcn_r", Side::Right, fr, pr, tr),
            load("left", "calcn_l", Side::Left, fl, pl, tl),
        ],
        unused_columns: Vec::new(),
    })
}

/// Whether a path names a C3D file.
pub fn is_c3d(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("c3d"))
}

#[cfg(test)]
mod tests {
    use super::super::c3d::{ForcePlateOptions, read_c3d};
    use super::super::test_data::data;
    use super::*;

    #[test]
    fn walking2_plates_become_right_and_left_feet() {
        let rec = read_c3d(data("c3d/walking2.c3d"), &ForcePlateOptions::default()).unwrap();
        let g = ground_loads_from_c3d(&rec).unwrap();
        let peak = |side: Side| g.foot(side).unwrap().force.iter().map(|f| f[1]).fold(f64::MIN, f64::max);
        // Plate 0 carries the right foot (964.6 N peak), plate 1 the left (766.6 N), as the
        // reader's marker test found; vertical is now Y.
        assert!((peak(Side::Right) - 964.6).abs() < 1.0, "{}", peak(Side::Right));
        assert!((peak(Side::Left) - 766.6).abs() < 1.0, "{}", peak(Side::Left));
    }
}
