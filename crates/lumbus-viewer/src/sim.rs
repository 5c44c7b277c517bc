//! The engine side of the viewer: one computed scene (poses and loads over one gait cycle), the
//! colour scale, and recomputation off the render thread. No Bevy types here except `Vec3`/`Quat`.

use bevy::math::{Mat3, Quat, Vec3};
use lumbus_core::gait::Pose;
use lumbus_core::model::N_SEGMENTS;
use lumbus_core::{Engine, Frame, Scene};
use nalgebra::{Matrix3, Vector3};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Compression colour scale: 0 → `COMPRESSION_FULL_BW` body weights, blue → grey → red.
pub const COMPRESSION_FULL_BW: f64 = 3.0;
/// Facet force colour scale: 0 → `FACET_FULL_BW` (facets carry ~10 % of the compression).
pub const FACET_FULL_BW: f64 = 0.5;

/// One scene, computed: the engine (for poses at any time) and one cycle of frames.
pub struct Sim {
    pub scene: Scene,
    /// Shared with the live simulation when one runs.
    pub engine: Arc<Engine>,
    /// The first gait cycle's frames (one frame when standing).
    pub frames: Vec<Frame>,
    pub period: f64,
    pub stride: f64,
    pub body_weight: f64,
    /// Wall time of `Engine::new` + `run`, ms.
    pub compute_ms: f64,
    /// The run's warnings (`Summary::warnings`): shown under the scene's name.
    pub warnings: Vec<String>,
    /// The muscle groups working nearest their limit: (group, peak activation), highest first.
    pub busiest: Vec<(String, f64)>,
}

impl Sim {
    pub fn compute(scene: Scene) -> Result<Sim, String> {
        let start = Instant::now();
        let engine = Engine::new(&scene).map_err(|e| format!("{e:?}"))?;
        let out = engine.run().map_err(|e| format!("{e:?}"))?;
        let compute_ms = start.elapsed().as_secs_f64() * 1e3;
        let per_cycle = (scene.gait.frames_per_cycle as usize).clamp(1, out.frames.len().max(1));
        let frames = out.frames.into_iter().take(per_cycle).collect();
        let period = engine.plan.period;
        let stride = if engine.plan.walking { engine.plan.stride } else { 0.0 };
        let body_weight = engine.model.body_weight;
        let busiest = out.summary.busiest_muscles(3).into_iter().map(|(g, a)| (g.to_string(), a)).collect();
        let warnings = out.summary.warnings;
        Ok(Sim {
            scene,
            engine: Arc::new(engine),
            frames,
            period,
            stride,
            body_weight,
            compute_ms,
            warnings,
            busiest,
        })
    }

    /// Frame index and blend weight for time `t` within the cycle (loads are linear between frames).
    fn blend(&self, t: f64) -> (usize, usize, f64) {
        let n = self.frames.len();
        if n < 2 || self.period <= 0.0 {
            return (0, 0, 0.0);
        }
        let x = (t / self.period).rem_euclid(1.0) * n as f64;
        let i = (x.floor() as usize).min(n - 1);
        (i, (i + 1) % n, x - i as f64)
    }

    pub fn frame_time(&self, index: usize) -> f64 {
        if self.frames.is_empty() { 0.0 } else { self.frames[index.min(self.frames.len() - 1)].time_s }
    }

    /// Loads at time `t`, in body weights, interpolated between frames.
    pub fn loads(&self, t: f64) -> Loads {
        let (i, j, w) = self.blend(t);
        Loads::between(&self.frames[i], &self.frames[j], w, self.body_weight)
    }

    /// Segment and disc placements at time `t` within the cycle, shifted forward by `walked` m.
    pub fn skeleton(&self, t: f64, walked: f64) -> Skeleton {
        Skeleton::of(&self.engine.pose(t), Vec3::new(walked as f32, 0.0, 0.0))
    }
}

/// Loads at one instant, in body weights (arrows in newtons).
#[derive(Clone, Copy, Debug, Default)]
pub struct Loads {
    /// L1–L2 … L5–S1.
    pub compression_bw: [f64; 5],
    /// [right, left] per level.
    pub facet_bw: [[f64; 2]; 5],
    pub grf_n: [[f64; 3]; 2],
    pub cop_m: [[f64; 3]; 2],
    pub hip_n: [[f64; 3]; 2],
}

impl Loads {
    /// Loads between two frames, `w` of the way from `a` to `b` (loads are linear between frames).
    pub fn between(a: &Frame, b: &Frame, w: f64, body_weight: f64) -> Loads {
        let bw = body_weight;
        let lerp = |a: f64, b: f64| a + (b - a) * w;
        let mut out = Loads::default();
        for k in 0..5 {
            let (la, lb) = (&a.levels[k], &b.levels[k]);
            out.compression_bw[k] = lerp(la.compression_n, lb.compression_n) / bw;
            out.facet_bw[k] =
                [lerp(la.facet_right_n, lb.facet_right_n) / bw, lerp(la.facet_left_n, lb.facet_left_n) / bw];
        }
        for s in 0..2 {
            for c in 0..3 {
                out.grf_n[s][c] = lerp(a.grf_n[s][c], b.grf_n[s][c]);
                out.cop_m[s][c] = lerp(a.cop_m[s][c], b.cop_m[s][c]);
                out.hip_n[s][c] = lerp(a.hip_contact_n[s][c], b.hip_contact_n[s][c]);
            }
        }
        out
    }
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Placement {
    pub rot: Quat,
    pub pos: Vec3,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Skeleton {
    pub segments: [Placement; N_SEGMENTS],
    pub discs: [Placement; 5],
    pub hips: [Vec3; 2],
}

impl Skeleton {
    /// Segment and disc placements of a pose, shifted by `shift`.
    pub fn of(pose: &Pose, shift: Vec3) -> Skeleton {
        let place = |r: &Matrix3<f64>, p: &Vector3<f64>| Placement { rot: quat(r), pos: vec3(p) + shift };
        let mut sk = Skeleton::default();
        for s in 0..N_SEGMENTS {
            sk.segments[s] = place(&pose.rot[s], &pose.origin[s]);
        }
        for k in 0..5 {
            sk.discs[k] = place(&pose.disc_rot[k], &pose.disc_centre[k]);
        }
        for s in 0..2 {
            sk.hips[s] = vec3(&pose.hip_centre[s]) + shift;
        }
        sk
    }
}

pub fn vec3(v: &Vector3<f64>) -> Vec3 {
    Vec3::new(v.x as f32, v.y as f32, v.z as f32)
}

fn quat(r: &Matrix3<f64>) -> Quat {
    let col = |c: usize| Vec3::new(r[(0, c)] as f32, r[(1, c)] as f32, r[(2, c)] as f32);
    Quat::from_mat3(&Mat3::from_cols(col(0), col(1), col(2))).normalize()
}

/// A blue → cyan → green → yellow → red scale, sRGB in 0..1, for `x` in 0..1. Red minus blue
/// never decreases along it, so "redder" always means "more load" (the screenshot test relies on it).
pub fn load_colour(x: f64) -> [f32; 3] {
    const STOPS: [[f32; 3]; 5] =
        [[0.2, 0.3, 0.9], [0.1, 0.65, 0.8], [0.3, 0.8, 0.3], [0.95, 0.8, 0.15], [0.9, 0.1, 0.08]];
    let x = x.clamp(0.0, 1.0) as f32 * (STOPS.len() - 1) as f32;
    let i = (x.floor() as usize).min(STOPS.len() - 2);
    let (a, b, w) = (STOPS[i], STOPS[i + 1], x - i as f32);
    [a[0] + (b[0] - a[0]) * w, a[1] + (b[1] - a[1]) * w, a[2] + (b[2] - a[2]) * w]
}

pub fn compression_colour(bw: f64) -> [f32; 3] {
    load_colour(bw / COMPRESSION_FULL_BW)
}

pub fn facet_colour(bw: f64) -> [f32; 3] {
    load_colour(bw / FACET_FULL_BW)
}

/// A recompute running on a worker thread; polled each frame so the window never waits.
pub struct Pending {
    // A resource must be Sync; the receiver is polled from one system at a time anyway.
    rx: Mutex<Receiver<Result<Sim, String>>>,
    pub started: Instant,
}

impl Pending {
    pub fn spawn(scene: Scene) -> Pending {
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let _ = tx.send(Sim::compute(scene));
        });
        Pending { rx: Mutex::new(rx), started: Instant::now() }
    }

    /// `Some` once the worker is done.
    pub fn poll(&self) -> Option<Result<Sim, String>> {
        self.rx.lock().ok()?.try_recv().ok()
    }
}

pub type SharedSim = Arc<Sim>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_scale_runs_blue_to_red() {
        let lo = load_colour(0.0);
        let hi = load_colour(1.0);
        assert!(lo[2] > lo[0] && hi[0] > hi[2]);
        // Red minus blue grows with load: the screenshot test relies on this.
        let mut last = f32::MIN;
        for i in 0..=20 {
            let c = load_colour(i as f64 / 20.0);
            assert!(c[0] - c[2] >= last - 1e-6);
            last = c[0] - c[2];
        }
    }

    #[test]
    fn recompute_arrives_through_polling() {
        let scene = Scene { name: "pending".into(), ..Scene::default() };
        let pending = Pending::spawn(scene);
        let done = loop {
            if let Some(r) = pending.poll() {
                break r;
            }
            assert!(pending.started.elapsed().as_secs() < 60, "recompute never finished");
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        assert_eq!(done.unwrap().scene.name, "pending");
    }

    #[test]
    fn default_scene_computes_and_interpolates() {
        let sim = Sim::compute(Scene::default()).unwrap();
        assert_eq!(sim.frames.len(), sim.scene.gait.frames_per_cycle as usize);
        let l = sim.loads(0.3 * sim.period);
        assert!(l.compression_bw.iter().all(|&c| c > 0.3 && c < 4.0), "{l:?}");
        let sk = sim.skeleton(0.0, 0.0);
        // The lumbar spine sits about a metre up.
        assert!(sk.discs[4].pos.y > 0.8 && sk.discs[4].pos.y < 1.2, "{:?}", sk.discs[4].pos);
    }
}
