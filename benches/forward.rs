//! The forward path's real-time factor: simulated seconds per wall-clock second on one thread
//! (issue 6's target: 50× or more). One warm-up cycle plus one reported cycle of normal walking,
//! everything included: tabulating the targets, building the world, stepping it, and the
//! engine's frames (dynamics, muscles, facets) on the simulated motion; and the same for the
//! live mode (`LiveSim::advance`, targets tabulated beforehand).

use criterion::{Criterion, criterion_group, criterion_main};
use lumbus::core::{Engine, Scene};
use lumbus_forward::{ForwardOptions, LiveOptions, LiveSim, simulate};
use std::hint::black_box;
use std::sync::Arc;

fn forward(c: &mut Criterion) {
    let scene = Scene::default();
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
    // Criterion reports the time; the factor is the simulated time over it.
    let runs = 5;
    let start = std::time::Instant::now();
    for _ in 0..runs {
        black_box(simulate(&engine, &opts).unwrap());
    }
    let wall = start.elapsed().as_secs_f64() / runs as f64;
    println!(
        "forward/real_time_factor: {:.1}x ({simulated:.3} s simulated in {wall:.3} s)",
        simulated / wall
    );
    // The viewer's live mode: the cycle is tabulated once at `LiveSim::new`, so a session's rate
    // is the stepping and the frames alone.
    let mut live = LiveSim::new(Arc::new(engine.clone()), &LiveOptions::default()).unwrap();
    live.advance(engine.plan.period).unwrap();
    let cycles = 4;
    let start = std::time::Instant::now();
    live.advance(cycles as f64 * engine.plan.period).unwrap();
    let wall = start.elapsed().as_secs_f64();
    let simulated = cycles as f64 * engine.plan.period;
    println!(
        "forward/live_real_time_factor: {:.1}x ({simulated:.3} s simulated in {wall:.3} s)",
        simulated / wall
    );
}

criterion_group!(benches, forward);
criterion_main!(benches);
