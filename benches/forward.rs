//! The forward path's real-time factor: simulated seconds per wall-clock second on one thread
//! (issue 6's target: 50× or more). One warm-up cycle plus one reported cycle of normal walking,
//! everything included: tabulating the targets, building the world, stepping it, and the
//! engine's frames (dynamics, muscles, facets) on the simulated motion; and the same for the
//! live mode (`LiveSim::advance`, targets tabulated beforehand).

use criterion::{Criterion, criterion_group, criterion_main};
use lumbus::core::{Engine, Scene};
use lumbus_forward::{ForwardOptions, LiveOptions, LiveSim, forward_scene, simulate};
use std::hint::black_box;
use std::sync::Arc;

fn forward(c: &mut Criterion) {
    let scene = forward_scene(&Scene::default());
    let engine = Engine::new(&scene).unwrap();
    let opts = ForwardOptions::default();
    let simulated = engine.plan.period * (opts.warmup_cycles + scene.gait.cycles) as f64;
    let mut group = c.benchmark_group("forward");
    group.sample_size(10);
    group.bench_function("two_cycles_normal_walking", |b| {
        b.iter(|| black_box(simulate(&engine, &opts).unwrap()))
    });
    // Where the time goes: tabulating one cycle's targets on their grid (the plan's pose with
    // exact derivatives, one per `TABLE_MAX_DT`, and the inverse path's joint moments).
    let steps = (engine.plan.period / lumbus_forward::TABLE_MAX_DT).ceil() as usize;
    group.bench_function("tabulate_targets_one_cycle", |b| {
        b.iter(|| black_box(lumbus_forward::tabulate(&engine, steps).unwrap()))
    });
    group.finish();
    // Criterion reports the time; the factor is the simulated time over it, here from ten timed
    // runs: their median, and the fastest (this VM's wall clock swings by up to 1.5× between
    // runs, and other load only ever adds time).
    let walls = timed_runs(10, || {
        black_box(simulate(&engine, &opts).unwrap());
    });
    report("forward/real_time_factor", simulated, &walls);
    // The viewer's live mode: the cycle is tabulated once at `LiveSim::new`, so a session's rate
    // is the stepping and the frames alone.
    let mut live = LiveSim::new(Arc::new(engine.clone()), &LiveOptions::default()).unwrap();
    live.advance(engine.plan.period).unwrap();
    let walls = timed_runs(10, || live.advance(engine.plan.period).unwrap());
    report("forward/live_real_time_factor", engine.plan.period, &walls);
}

/// Wall-clock seconds of each of `n` runs of `f`, sorted.
fn timed_runs(n: usize, mut f: impl FnMut()) -> Vec<f64> {
    let mut walls: Vec<f64> = (0..n)
        .map(|_| {
            let start = std::time::Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .collect();
    walls.sort_by(f64::total_cmp);
    walls
}

fn report(name: &str, simulated: f64, walls: &[f64]) {
    let (median, best) = (walls[walls.len() / 2], walls[0]);
    println!(
        "{name}: {:.1}x median, {:.1}x fastest of {} runs ({simulated:.3} s simulated in {median:.4} s / {best:.4} s)",
        simulated / median,
        simulated / best,
        walls.len()
    );
}

criterion_group!(benches, forward);
criterion_main!(benches);
