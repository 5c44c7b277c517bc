//! walking2.c3d through the facade: force-plate peaks and gait events (printed for the report;
//! the reader's own tests in `lumbus-io` check the peaks against ezc3d). What is missing for a
//! full trial from this file: its kinematics (it holds markers only; Lumbus has no inverse
//! kinematics); `crates/lumbus-cli/tests/recorded_cli.rs` runs its plates with another trial's
//! motion as a mechanical end-to-end check.

use lumbus::io::recorded::{ContactEventKind, ForcePlateOptions, read_c3d};

#[test]
fn walking2_plate_peaks_and_events() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/c3d/walking2.c3d");
    let r = read_c3d(&path, &ForcePlateOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.plates.len(), 2);
    for p in &r.plates {
        let (i, peak) = p
            .force
            .iter()
            .enumerate()
            .fold((0, f64::MIN), |b, (i, f)| if f[2] > b.1 { (i, f[2]) } else { b });
        let events: Vec<String> =
            p.events.iter().map(|e| format!("{:?} at {:.3} s", e.kind, e.time)).collect();
        println!(
            "plate {}: peak vertical {:.1} N at {:.3} s (baseline {:.1} N removed); {}",
            p.index,
            peak,
            r.time[i],
            p.baseline.force[2],
            events.join(", ")
        );
        // A loaded plate: a peak near body weight, struck before it is left, the peak inside.
        assert!(peak > 600.0 && peak < 1200.0, "{peak}");
        let kinds: Vec<_> = p.events.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, [ContactEventKind::HeelStrike, ContactEventKind::ToeOff]);
        assert!(p.events[0].time < r.time[i] && r.time[i] < p.events[1].time);
    }
}
