//! Renders the viewer for real (Vulkan, lavapipe on CI, no window) and checks the pictures:
//! not blank, the skeleton in view, and the discs redder under a heavy backpack.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Shot {
    width: usize,
    height: usize,
    rgb: Vec<u8>,
    side: serde_json::Value,
}

impl Shot {
    fn px(&self, x: usize, y: usize) -> [i32; 3] {
        let i = 3 * (y * self.width + x);
        [self.rgb[i] as i32, self.rgb[i + 1] as i32, self.rgb[i + 2] as i32]
    }

    /// Per row, the scene's background there (clear colour above the horizon, ground below):
    /// the median of the pixels at the left and right edges, where the skeleton never is.
    fn row_background(&self, y: usize) -> [i32; 3] {
        let edge = self.width / 10;
        let mut cols: Vec<[i32; 3]> =
            (0..edge).chain(self.width - edge..self.width).map(|x| self.px(x, y)).collect();
        cols.sort_by_key(|c| c[0] + c[1] + c[2]);
        cols[cols.len() / 2]
    }

    fn is_foreground(&self, x: usize, y: usize, bg: [i32; 3]) -> bool {
        let p = self.px(x, y);
        (0..3).map(|c| (p[c] - bg[c]).abs()).sum::<i32>() > 40
    }
}

fn render(scene: &Path, out: &Path, frame: usize) -> Shot {
    render_with(scene, out, &["--frame", &frame.to_string()])
}

fn render_with(scene: &Path, out: &Path, extra: &[&str]) -> Shot {
    let status = Command::new(env!("CARGO_BIN_EXE_lumbus-viewer"))
        .arg("--screenshot")
        .arg(out)
        .arg("--scene")
        .arg(scene)
        .args(extra)
        .status()
        .expect("run lumbus-viewer");
    assert!(
        status.success(),
        "lumbus-viewer --screenshot failed ({status}); is a Vulkan driver (mesa-vulkan-drivers) installed?"
    );
    let decoder = png::Decoder::new(BufReader::new(File::open(out).expect("screenshot written")));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    assert_eq!(info.color_type, png::ColorType::Rgb, "the viewer saves RGB");
    buf.truncate(info.buffer_size());
    let side = serde_json::from_str(&std::fs::read_to_string(out.with_extension("json")).expect("side file"))
        .unwrap();
    Shot { width: info.width as usize, height: info.height as usize, rgb: buf, side }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Checks that hold for any scene; returns the mean red-minus-blue over the disc pixels.
fn check_picture(shot: &Shot, what: &str) -> f64 {
    // Not blank: many distinct colours, not one flat fill.
    let mut colours: Vec<[u8; 3]> = shot.rgb.chunks(3).map(|c| [c[0], c[1], c[2]]).collect();
    colours.sort();
    colours.dedup();
    assert!(colours.len() > 200, "{what}: only {} distinct colours: blank render?", colours.len());

    // The skeleton is in view: enough foreground in the central third of the image.
    let (w, h) = (shot.width, shot.height);
    let mut fg = 0;
    let mut total = 0;
    for y in h / 6..5 * h / 6 {
        let bg = shot.row_background(y);
        for x in w / 3..2 * w / 3 {
            total += 1;
            if shot.is_foreground(x, y, bg) {
                fg += 1;
            }
        }
    }
    let share = fg as f64 / total as f64;
    assert!(share > 0.03, "{what}: only {:.1} % foreground around the centre", share * 100.0);

    // Every disc is on screen, drawn where the viewer says, in the colour it says.
    let discs = shot.side["discs"].as_array().expect("discs");
    assert_eq!(discs.len(), 5);
    let mut red_minus_blue = 0.0;
    for d in discs {
        let name = d["name"].as_str().unwrap();
        let p = d["pixel"].as_array().unwrap_or_else(|| panic!("{what}: disc {name} off screen"));
        let (x, y) = (p[0].as_f64().unwrap().round() as usize, p[1].as_f64().unwrap().round() as usize);
        assert!(x > 1 && y > 1 && x < w - 2 && y < h - 2, "{what}: disc {name} at {x},{y}");
        // The mean of a 3×3 patch at the projected centre (discs are a few pixels thick).
        let mut sum = [0i32; 3];
        for dy in 0..3 {
            for dx in 0..3 {
                let q = shot.px(x + dx - 1, y + dy - 1);
                (0..3).for_each(|c| sum[c] += q[c]);
            }
        }
        let mean = sum.map(|s| s as f64 / 9.0);
        let bg = shot.row_background(y);
        assert!(shot.is_foreground(x, y, bg), "{what}: disc {name} not drawn at {x},{y}");
        // The pixel leans the way of the colour given to the material (lighting scales both).
        let given = d["colour"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect::<Vec<_>>();
        if (given[0] - given[2]).abs() > 0.15 {
            assert_eq!(
                (mean[0] - mean[2]).signum(),
                (given[0] - given[2]).signum(),
                "{what}: disc {name} pixel {mean:?} vs colour {given:?}"
            );
        }
        red_minus_blue += mean[0] - mean[2];
    }
    red_minus_blue / 5.0
}

fn mean_disc_load(shot: &Shot) -> f64 {
    shot.side["discs"].as_array().unwrap().iter().map(|d| d["load_bw"].as_f64().unwrap()).sum::<f64>() / 5.0
}

#[test]
fn screenshots_show_the_skeleton_and_heavier_loads_redder() {
    let dir = tempfile::tempdir().unwrap();
    // A heavy load the scale must show: 30 kg high on the back.
    let heavy_scene = dir.path().join("backpack_30kg.toml");
    std::fs::write(&heavy_scene, "name = \"backpack_30kg\"\n[load]\nbackpack_kg = 30.0\n").unwrap();
    // Frame 8 of 100: loading response, when the lumbar loads are high.
    let frame = 8;
    let normal = render(&root().join("scenes/normal_walking.toml"), &dir.path().join("normal.png"), frame);
    let heavy = render(&heavy_scene, &dir.path().join("heavy.png"), frame);
    // Keep the pictures for a person to look at.
    if let Ok(keep) = std::env::var("LUMBUS_SCREENSHOT_DIR") {
        for name in ["normal.png", "normal.json", "heavy.png", "heavy.json"] {
            let _ = std::fs::copy(dir.path().join(name), Path::new(&keep).join(name));
        }
    }

    let rb_normal = check_picture(&normal, "normal walking");
    let rb_heavy = check_picture(&heavy, "30 kg backpack");
    let (l_normal, l_heavy) = (mean_disc_load(&normal), mean_disc_load(&heavy));
    assert!(l_heavy > l_normal + 0.2, "engine: backpack {l_heavy:.2} BW vs normal {l_normal:.2} BW");
    assert!(
        rb_heavy > rb_normal + 10.0,
        "discs not redder under the backpack: red−blue {rb_heavy:.1} vs {rb_normal:.1} (loads {l_heavy:.2} vs {l_normal:.2} BW)"
    );
}

/// Live physics end to end: the viewer steps the rapier simulation to the requested time and
/// shows the simulated body where it is, with the loads from its contact forces.
#[test]
fn live_physics_screenshot_shows_the_simulated_walker() {
    let dir = tempfile::tempdir().unwrap();
    let seconds = 1.2;
    let shot = render_with(
        &root().join("scenes/normal_walking.toml"),
        &dir.path().join("live.png"),
        &["--live", "--live-seconds", &seconds.to_string()],
    );
    if let Ok(keep) = std::env::var("LUMBUS_SCREENSHOT_DIR") {
        for name in ["live.png", "live.json"] {
            let _ = std::fs::copy(dir.path().join(name), Path::new(&keep).join(name));
        }
    }
    assert_eq!(shot.side["mode"], "live", "{}", shot.side);
    let t = shot.side["time_s"].as_f64().unwrap();
    assert!(t >= seconds && t < seconds + 0.1, "simulated to {t} s, asked {seconds} s");
    check_picture(&shot, "live physics");
    // Loads from the simulation, in the walking range (not zero, not a blown-up solver).
    let l = mean_disc_load(&shot);
    assert!(l > 0.5 && l < 3.0, "live mean disc load {l:.2} BW");
}
