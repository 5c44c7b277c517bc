#!/usr/bin/env python3
"""Fit Lumbus's gait template: one measured walking cycle as Fourier series.

What it does
    Reads OpenSim's example walking trial "subject01_walk1" (folder gait2354/ of the
    shared gait data: inverse-kinematics angles at 60 Hz for 0.4-1.6 s, force plates at
    600 Hz, the scaled gait2354 model and the marker file), finds the gait events from the
    vertical ground reaction force (20 N threshold), and fits every coordinate the engine
    needs as a periodic function of gait phase (phase 0 = right heel strike):

    * leg coordinates (hip flexion/adduction/rotation, knee, ankle) and the global foot
      pitch: the right and left legs pooled, each as a function of its own phase (the
      1.2 s IK window is shorter than one stride, the pooled legs cover the whole cycle);
    * pelvis and lumbar coordinates, referenced to the right leg's phase, with left/right
      symmetry enforced: sagittal signals keep the mean and even harmonics, frontal and
      transverse signals only odd harmonics; each sample is used twice, once at its right
      phase and once (negated for odd signals) at its left phase;
    * pelvis translations: a linear trend is removed from pelvis_tx and pelvis_tz, the
      mean of pelvis_ty is kept apart as the pelvis height.

    The trial was recorded on a treadmill (the stance foot moves backwards in the lab at
    belt speed while pelvis_tx stays near 0.6 m), so the walking speed is not the trend
    of pelvis_tx: it is the backward speed of the stance foot's metatarsophalangeal
    joint centre in mid-stance, from forward kinematics of the scaled model with the IK
    angles (checked against the foot markers). The trend of pelvis_tx is printed as the
    subject's drift on the belt.

    It prints the events, the key numbers and each signal's RMS fit residual, and writes
    them into a Rust source file with no dependencies.

How to run (from the repository root)
    python3 scripts/fit_gait_template.py [DATA_DIR] [--out FILE]

    DATA_DIR defaults to ../shared/data/gait (relative to the repository root) and must
    hold gait2354/subject01_walk1_ik.mot, subject01_walk1_grf.mot, subject01_simbody.osim
    and subject01_walk1.trc. FILE defaults to
    crates/lumbus-core/src/gait/template_data.rs. Needs numpy.

The generated file is committed: Lumbus is built and run without the shared data, so the
numbers live in the project. Re-run this script only to change the fit, and commit both.
"""

import argparse
import math
import os
import shutil
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET

import numpy as np

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DATA = os.path.join(REPO_ROOT, "..", "shared", "data", "gait")
DEFAULT_OUT = os.path.join(REPO_ROOT, "crates", "lumbus-core", "src", "gait", "template_data.rs")

GRF_THRESHOLD_N = 20.0
LEG_HARMONICS = 8
TRUNK_HARMONICS = 6
# The total vertical ground reaction repeats every step: even harmonics up to this one
# (harmonic 12 is ~10 Hz at this cadence; the plates' double-support peak lasts ~0.1 s).
GRF_HARMONICS = 12
# Mid-stance window used for the belt speed and the foot height: from heel strike + this
# fraction of the stride to toe-off - this fraction (assumption: the foot is flat then).
MID_STANCE_MARGIN = 0.15

LEG_COORDS = ["hip_flexion", "hip_adduction", "hip_rotation", "knee_angle", "ankle_angle"]
# Pelvis and lumbar signals: (output name, column, kind, symmetry)
#   kind: "angle" (degrees in the file, radians out) or "length" (metres)
#   symmetry: "even" (sagittal: mean + even harmonics), "odd" (frontal/transverse: odd
#   harmonics, zero mean)
TRUNK_SIGNALS = [
    ("PELVIS_TILT", "pelvis_tilt", "angle", "even"),
    ("PELVIS_LIST", "pelvis_list", "angle", "odd"),
    ("PELVIS_ROTATION", "pelvis_rotation", "angle", "odd"),
    ("PELVIS_DX", "pelvis_tx", "length", "even"),
    ("PELVIS_DY", "pelvis_ty", "length", "even"),
    ("PELVIS_DZ", "pelvis_tz", "length", "odd"),
    ("LUMBAR_EXTENSION", "lumbar_extension", "angle", "even"),
    ("LUMBAR_BENDING", "lumbar_bending", "angle", "odd"),
    ("LUMBAR_ROTATION", "lumbar_rotation", "angle", "odd"),
]
# pelvis_tx and pelvis_tz: a linear trend (intercept + slope) is fitted with the periodic part
TRENDED = {"pelvis_tx", "pelvis_tz"}


# --------------------------------------------------------------------------- file readers

def read_storage(path):
    """Read an OpenSim .mot/.sto file: returns (header dict, column names, data array)."""
    with open(path) as f:
        lines = f.read().splitlines()
    try:
        end = next(i for i, line in enumerate(lines) if line.strip().lower() == "endheader")
    except StopIteration:
        sys.exit(f"{path}: no 'endheader' line")
    header = {}
    for line in lines[:end]:
        if "=" in line:
            k, v = line.split("=", 1)
            header[k.strip()] = v.strip()
    i = end + 1
    while not lines[i].strip():
        i += 1
    names = lines[i].split()
    rows = [[float(x) for x in line.split()] for line in lines[i + 1:] if line.strip()]
    data = np.array(rows)
    if data.shape[1] != len(names):
        sys.exit(f"{path}: {len(names)} column labels but {data.shape[1]} columns")
    for n in names:
        if "/" in n:
            # Newer files label columns by path and use radians: refuse rather than guess.
            sys.exit(f"{path}: column label '{n}' is a path; this script reads bare names only")
    return header, names, data


def column(names, data, name):
    if name not in names:
        sys.exit(f"column '{name}' not found")
    return data[:, names.index(name)]


def read_trc(path):
    """Read a .trc marker file: returns (times, {marker: Nx3 array in metres})."""
    with open(path) as f:
        lines = f.read().splitlines()
    units = lines[2].split("\t")[4].strip()
    scale = {"mm": 1e-3, "m": 1.0}[units]
    labels = [n.strip() for n in lines[3].split("\t")[2:]]
    markers = [n for n in labels if n]
    rows = []
    for line in lines[5:]:
        if not line.strip():
            continue
        parts = line.split("\t")
        rows.append([float(x) if x.strip() else np.nan for x in parts[: 2 + 3 * len(markers)]])
    d = np.array(rows)
    out = {m: d[:, 2 + 3 * k: 5 + 3 * k] * scale for k, m in enumerate(markers)}
    return d[:, 1], out


# --------------------------------------------------------------------------- gait events

def threshold_events(t, f, thr):
    """Heel strikes (upward crossings) and toe-offs (downward crossings) of f at thr,
    linearly interpolated. A force already above thr at the first sample gives a heel
    strike extrapolated backwards from the first two samples (flagged)."""
    hs, to, notes = [], [], []
    on = f > thr
    if on[0]:
        slope = (f[1] - f[0]) / (t[1] - t[0])
        if slope > 0:
            t0 = t[0] - (f[0] - thr) / slope
            hs.append(t0)
            notes.append(f"heel strike at {t0:.4f} s extrapolated (force {f[0]:.1f} N at t = {t[0]} s)")
    for i in np.nonzero(on[1:] != on[:-1])[0]:
        tc = t[i] + (thr - f[i]) / (f[i + 1] - f[i]) * (t[i + 1] - t[i])
        (hs if on[i + 1] else to).append(tc)
    return hs, to, notes


def double_support_share(t, f_r, f_l, hs_r, to_r, hs_l, to_l):
    """The trailing foot's share of the two feet's vertical force over every complete double
    support in the trial (from one foot's heel strike to the other's toe-off), at
    x = time since the heel strike / the double support's duration, fitted by least squares
    as 1 - x + x(1 - x)(a + b x) (1 at x = 0, 0 at x = 1). Returns (a, b), the RMS and
    largest residual and the number of double supports."""
    xs, ys, count = [], [], 0
    for strikes, offs, lead, trail in ((hs_l, to_r, f_l, f_r), (hs_r, to_l, f_r, f_l)):
        for a in strikes:
            later = [b for b in offs if b > a]
            # A toe-off more than half a stride after the strike is not this double support's.
            if not later or later[0] - a > 0.3:
                continue
            b = later[0]
            count += 1
            inside = (t >= a) & (t <= b)
            xs.extend((t[inside] - a) / (b - a))
            ys.extend(trail[inside] / (trail[inside] + lead[inside]))
    x, y = np.array(xs), np.array(ys)
    basis = np.stack([x * (1 - x), x * x * (1 - x)], 1)
    (ca, cb), *_ = np.linalg.lstsq(basis, y - (1 - x), rcond=None)
    residual = 1 - x + basis @ np.array([ca, cb]) - y
    return ca, cb, float(np.sqrt(np.mean(residual ** 2))), float(np.abs(residual).max()), count


def phase_of(t, strikes, period_before):
    """Phase in [0, 1) of each time in t: time since the last heel strike over that
    stride's duration. Before the first strike the stride is assumed to last
    period_before; after the last one, as long as the last complete stride."""
    t = np.asarray(t, float)
    p = np.empty_like(t)
    last_period = strikes[-1] - strikes[-2]
    for k, tk in enumerate(t):
        i = np.searchsorted(strikes, tk, side="right") - 1
        if i < 0:
            p[k] = (tk - strikes[0]) / period_before + 1.0
        elif i + 1 < len(strikes):
            p[k] = (tk - strikes[i]) / (strikes[i + 1] - strikes[i])
        else:
            p[k] = (tk - strikes[i]) / last_period
    return np.mod(p, 1.0)


def stance_fractions(strikes, toe_offs):
    out = []
    for a, b in zip(strikes[:-1], strikes[1:]):
        tos = [x for x in toe_offs if a < x < b]
        if len(tos) == 1:
            out.append(((tos[0] - a) / (b - a), a, tos[0], b))
    return out


# --------------------------------------------------------------------------- Fourier fits

def basis(p, harmonics, with_mean):
    cols = []
    if with_mean:
        cols.append(np.ones_like(p))
    for k in harmonics:
        cols.append(np.cos(2 * np.pi * k * p))
        cols.append(np.sin(2 * np.pi * k * p))
    return np.column_stack(cols)


def fit_series(p, y, harmonics, with_mean, n_max, sign=None, extra=None):
    """Least squares y = extra @ e + [mean] + sign * Σ_k (a_k cos 2πkp + b_k sin 2πkp).

    Returns (mean, cos[n_max], sin[n_max], extra coefficients, residuals)."""
    B = basis(p, harmonics, with_mean)
    if sign is not None:
        if with_mean:
            B[:, 1:] *= sign[:, None]
        else:
            B *= sign[:, None]
    A = B if extra is None else np.column_stack([extra, B])
    coef, *_ = np.linalg.lstsq(A, y, rcond=None)
    resid = y - A @ coef
    ne = 0 if extra is None else extra.shape[1]
    e, c = coef[:ne], coef[ne:]
    mean = 0.0
    if with_mean:
        mean, c = c[0], c[1:]
    cs, sn = np.zeros(n_max), np.zeros(n_max)
    for j, k in enumerate(harmonics):
        cs[k - 1], sn[k - 1] = c[2 * j], c[2 * j + 1]
    return mean, cs, sn, e, resid


def eval_series(p, mean, cs, sn):
    v = np.full_like(np.asarray(p, float), mean)
    for k in range(1, len(cs) + 1):
        v = v + cs[k - 1] * np.cos(2 * np.pi * k * p) + sn[k - 1] * np.sin(2 * np.pi * k * p)
    return v


def rms(x):
    return float(np.sqrt(np.mean(np.square(x))))


# --------------------------------------------------------------------------- forward kinematics

def _vec(s):
    return np.array([float(v) for v in s.split()])


def simm_spline_coefficients(x, y):
    """Cubic spline coefficients as OpenSim's SimmSpline computes them (the Forsythe,
    Malcolm & Moler spline: end third derivatives from cubics through the end points)."""
    n = len(x)
    b, c, d = np.zeros(n), np.zeros(n), np.zeros(n)
    if n < 3:
        b[:] = (y[1] - y[0]) / (x[1] - x[0])
        return b, c, d
    nm1 = n - 1
    d[0] = x[1] - x[0]
    c[1] = (y[1] - y[0]) / d[0]
    for i in range(1, nm1):
        d[i] = x[i + 1] - x[i]
        b[i] = 2.0 * (d[i - 1] + d[i])
        c[i + 1] = (y[i + 1] - y[i]) / d[i]
        c[i] = c[i + 1] - c[i]
    b[0], b[nm1] = -d[0], -d[n - 2]
    c[0] = c[nm1] = 0.0
    if n > 3:
        c[0] = c[2] / (x[3] - x[1]) - c[1] / (x[2] - x[0])
        c[nm1] = c[n - 2] / (x[nm1] - x[n - 3]) - c[n - 3] / (x[n - 2] - x[n - 4])
        c[0] = c[0] * d[0] * d[0] / (x[3] - x[0])
        c[nm1] = -c[nm1] * d[n - 2] * d[n - 2] / (x[nm1] - x[n - 4])
    for i in range(1, n):
        tt = d[i - 1] / b[i - 1]
        b[i] -= tt * d[i - 1]
        c[i] -= tt * c[i - 1]
    c[nm1] /= b[nm1]
    for i in range(n - 2, -1, -1):
        c[i] = (c[i] - d[i] * c[i + 1]) / b[i]
    b[nm1] = (y[nm1] - y[n - 2]) / d[n - 2] + d[n - 2] * (c[n - 2] + 2.0 * c[nm1])
    for i in range(nm1):
        b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2.0 * c[i])
        d[i] = (c[i + 1] - c[i]) / d[i]
        c[i] = 3.0 * c[i]
    c[nm1] = 3.0 * c[nm1]
    d[nm1] = d[n - 2]
    return b, c, d


def eval_function(fn, q):
    """Evaluate an OpenSim function element (the kinds the gait models use) at q."""
    tag = fn.tag
    if tag == "LinearFunction":
        a, b = _vec(fn.findtext("coefficients"))
        return a * q + b
    if tag == "Constant":
        return float(fn.findtext("value"))
    if tag == "SimmSpline":
        x, y = _vec(fn.findtext("x")), _vec(fn.findtext("y"))
        b, c, d = simm_spline_coefficients(x, y)
        if q < x[0]:  # OpenSim extrapolates linearly with the end slopes
            return y[0] + (q - x[0]) * b[0]
        if q > x[-1]:
            return y[-1] + (q - x[-1]) * b[-1]
        i = int(np.clip(np.searchsorted(x, q, side="right") - 1, 0, len(x) - 2))
        dx = q - x[i]
        return y[i] + b[i] * dx + c[i] * dx * dx + d[i] * dx ** 3
    if tag == "MultiplierFunction":
        inner = list(fn.find("function"))[0]
        return float(fn.findtext("scale")) * eval_function(inner, q)
    sys.exit(f"unsupported OpenSim function <{tag}>")


def axis_rotation(axis, angle):
    a = np.asarray(axis, float) / np.linalg.norm(axis)
    K = np.array([[0, -a[2], a[1]], [a[2], 0, -a[0]], [-a[1], a[0], 0]])
    return np.eye(3) + math.sin(angle) * K + (1 - math.cos(angle)) * K @ K


def body_fixed_xyz(o):
    return axis_rotation([1, 0, 0], o[0]) @ axis_rotation([0, 1, 0], o[1]) @ axis_rotation([0, 0, 1], o[2])


class OsimTree:
    """Joints of an OpenSim 4 model (CustomJoint / offset frames), for forward kinematics.
    A CustomJoint's rotations are a body-fixed sequence about its three axes; its
    translations are along its axes in the parent offset frame."""

    def __init__(self, path):
        model = ET.parse(path).getroot().find("Model")
        self.joints = {}
        for j in model.find("JointSet/objects"):
            frames = {
                f.get("name"): (f.findtext("socket_parent").split("/")[-1],
                                _vec(f.findtext("translation")), _vec(f.findtext("orientation")))
                for f in j.find("frames")
            }
            parent = frames[j.findtext("socket_parent_frame").strip()]
            child = frames[j.findtext("socket_child_frame").strip()]
            axes = []
            for ta in j.find("SpatialTransform"):
                fn = [c for c in ta if c.tag not in ("coordinates", "axis")][0]
                axes.append((ta.get("name"), (ta.findtext("coordinates") or "").strip(),
                             _vec(ta.findtext("axis")), fn))
            self.joints[child[0]] = (parent, child, axes)

    def pose(self, body, q, cache):
        if body == "ground":
            return np.eye(3), np.zeros(3)
        if body in cache:
            return cache[body]
        (pb, pt, po), (_, ct, co), axes = self.joints[body]
        Rp, op = self.pose(pb, q, cache)
        RF, oF = Rp @ body_fixed_xyz(po), op + Rp @ pt
        R, tr = np.eye(3), np.zeros(3)
        for name, coord, axis, fn in axes:
            v = eval_function(fn, q.get(coord, 0.0) if coord else 0.0)
            if name.startswith("rotation"):
                R = R @ axis_rotation(axis, v)
            else:
                tr = tr + axis / np.linalg.norm(axis) * v
        RM, oM = RF @ R, oF + RF @ tr
        RB = RM @ body_fixed_xyz(co).T
        cache[body] = (RB, oM - RB @ ct)
        return cache[body]

    def origin(self, body, q, cache):
        return self.pose(body, q, cache)[1]


# --------------------------------------------------------------------------- Rust output

def rust_float(x):
    """A Rust f64 literal with at most 12 significant digits."""
    x = float(x)
    if not math.isfinite(x):
        sys.exit(f"non-finite number {x}")
    if abs(x) < 1e-15:
        return "0.0"
    s = f"{x:.12g}"
    if "e" in s:
        mant, exp = s.split("e")
        if "." not in mant:
            mant += ".0"
        return f"{mant}e{int(exp)}"
    if "." not in s:
        s += ".0"
    return s


def rust_array(values):
    return "[" + ", ".join(rust_float(v) for v in values) + "]"


def wrap_comment(text, prefix, width=100):
    return textwrap.wrap(text, width=width - len(prefix), initial_indent=prefix, subsequent_indent=prefix,
                         break_on_hyphens=False)


def write_rust(path, text):
    """Write the file and format it with rustfmt (if installed), so that `cargo fmt` leaves
    the committed file alone."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    rustfmt = shutil.which("rustfmt")
    if rustfmt:
        subprocess.run([rustfmt, "--edition", "2024", path], check=True)
    else:
        print("warning: rustfmt not found; the file is not formatted", file=sys.stderr)
    print(f"wrote {path}")


# --------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data_dir", nargs="?", default=DEFAULT_DATA,
                    help="the shared gait data folder (default: ../shared/data/gait)")
    ap.add_argument("--out", default=DEFAULT_OUT, help="the Rust file to write")
    args = ap.parse_args()
    d2354 = os.path.join(args.data_dir, "gait2354")

    # ---- kinematics
    hdr, names, ik = read_storage(os.path.join(d2354, "subject01_walk1_ik.mot"))
    if hdr.get("inDegrees", "").lower() != "yes":
        sys.exit("subject01_walk1_ik.mot: expected inDegrees=yes")
    t = column(names, ik, "time")
    dt = np.diff(t)
    print(f"IK: {len(t)} frames, {t[0]:.3f}-{t[-1]:.3f} s, {1 / dt.mean():.1f} Hz")

    def ang(name):
        return np.radians(column(names, ik, name))

    # ---- gait events from the force plates
    _, gnames, grf = read_storage(os.path.join(d2354, "subject01_walk1_grf.mot"))
    tg = column(gnames, grf, "time")
    # The time column is rounded to 0.1 ms (0.0017, 0.0033, ...); rows are exactly 600 Hz.
    print(f"GRF: {len(tg)} rows, {tg[0]:.4f}-{tg[-1]:.4f} s")
    hs_r, to_r, notes_r = threshold_events(tg, column(gnames, grf, "ground_force_vy"), GRF_THRESHOLD_N)
    hs_l, to_l, notes_l = threshold_events(tg, column(gnames, grf, "1_ground_force_vy"), GRF_THRESHOLD_N)
    event_notes = [f"right {n}" for n in notes_r] + [f"left {n}" for n in notes_l]
    print("right heel strikes", [round(float(x), 4) for x in hs_r], "toe-offs", [round(float(x), 4) for x in to_r])
    print("left  heel strikes", [round(float(x), 4) for x in hs_l], "toe-offs", [round(float(x), 4) for x in to_l])
    for n in event_notes:
        print("  note:", n)
    if len(hs_r) < 2 or len(hs_l) < 2:
        sys.exit("need two heel strikes per foot")
    # The stride: the first right heel strike inside the IK window to the next one.
    r0 = next(i for i, x in enumerate(hs_r) if x >= t[0])
    if r0 + 1 >= len(hs_r):
        sys.exit("no complete right stride after the IK start")
    period = hs_r[r0 + 1] - hs_r[r0]
    print(f"stride period T = {hs_r[r0 + 1]:.4f} - {hs_r[r0]:.4f} = {period:.4f} s")

    st_r = stance_fractions(hs_r, to_r)
    st_l = stance_fractions(hs_l, to_l)
    for side, st in (("right", st_r), ("left", st_l)):
        for f, a, b, c in st:
            print(f"  {side} stride {a:.4f}-{c:.4f} s ({c - a:.4f} s): toe-off {b:.4f} s, stance {f:.4f}")
    stance_r = float(np.mean([s[0] for s in st_r]))
    stance_l = float(np.mean([s[0] for s in st_l]))
    toe_off = 0.5 * (stance_r + stance_l)
    print(f"stance fraction right {stance_r:.4f}, left {stance_l:.4f} (mean of its strides), mean {toe_off:.4f}")
    fy_r = column(gnames, grf, "ground_force_vy")
    fy_l = column(gnames, grf, "1_ground_force_vy")
    ds_a, ds_b, ds_rms, ds_max, ds_count = double_support_share(tg, fy_r, fy_l, hs_r, to_r, hs_l, to_l)
    print(f"double-support share: a {ds_a:.6f}, b {ds_b:.6f} over {ds_count} double supports, "
          f"RMS residual {ds_rms:.4f}, largest {ds_max:.4f}")

    p_r = phase_of(t, np.array(hs_r), period)
    p_l = phase_of(t, np.array(hs_l), hs_l[1] - hs_l[0])
    lhs_in_r = phase_of(np.array([h for h in hs_l if hs_r[r0] <= h < hs_r[r0 + 1]]), np.array(hs_r), period)
    print("left heel strike at right phase", np.round(lhs_in_r, 4))
    print(f"right phases covered: {p_r.min():.3f}-{p_r.max():.3f}, gap {p_r[-1]:.3f}-{p_r[0]:.3f}")
    print(f"left  phases covered: gap {p_l[-1]:.3f}-{p_l[0]:.3f}")

    # ---- forward kinematics: belt speed and the foot's height above the lab floor
    tree = OsimTree(os.path.join(d2354, "subject01_simbody.osim"))
    lengths = {"pelvis_tx", "pelvis_ty", "pelvis_tz"}
    pts = {b: [] for b in ("calcn_r", "toes_r", "calcn_l", "toes_l")}
    for row in ik:
        q = {n: (v if n in lengths else math.radians(v)) for n, v in zip(names[1:], row[1:])}
        cache = {}
        for b in pts:
            pts[b].append(tree.origin(b, q, cache))
    pts = {b: np.array(v) for b, v in pts.items()}
    segs = []  # (side, mask) of each mid-stance window inside the IK data
    for side, st in (("r", st_r), ("l", st_l)):
        for _, a, b, c in st:
            m = (t >= a + MID_STANCE_MARGIN * (c - a)) & (t <= b - MID_STANCE_MARGIN * (c - a))
            if m.sum() >= 4:
                segs.append((side, m))
    # one common slope, one intercept per window: x = x0_i - v t
    rows, ys = [], []
    for i, (side, m) in enumerate(segs):
        for k in np.nonzero(m)[0]:
            r = np.zeros(len(segs) + 1)
            r[i], r[-1] = 1.0, -t[k]
            rows.append(r)
            ys.append(pts["toes_" + side][k, 0])
    coef, *_ = np.linalg.lstsq(np.array(rows), np.array(ys), rcond=None)
    speed = float(coef[-1])
    for side, m in segs:
        v = -np.polyfit(t[m], pts["toes_" + side][m, 0], 1)[0]
        print(f"  mid-stance {side} {t[m][0]:.3f}-{t[m][-1]:.3f} s: mtp centre moves back at {v:.4f} m/s")
    calcn_height = float(np.median(np.concatenate([pts["calcn_" + s][m, 1] for s, m in segs])))
    toes_height = float(np.median(np.concatenate([pts["toes_" + s][m, 1] for s, m in segs])))
    print(f"belt speed (stance mtp centre, pooled) = {speed:.4f} m/s")
    print(f"mid-stance height above lab y = 0: calcn origin {calcn_height * 1000:.1f} mm, "
          f"mtp centre {toes_height * 1000:.1f} mm")
    # cross-check with the markers of the whole trial (0-2.5 s)
    mt, mk = read_trc(os.path.join(d2354, "subject01_walk1.trc"))
    mv = []
    for side, st in (("R", st_r), ("L", st_l)):
        for _, a, b, c in st:
            m = (mt >= a + MID_STANCE_MARGIN * (c - a)) & (mt <= b - MID_STANCE_MARGIN * (c - a))
            for mname in (f"{side}.Toe.Lat", f"{side}.Toe.Med", f"{side}.Midfoot.Lat"):
                mv.append(-np.polyfit(mt[m], mk[mname][m, 0], 1)[0])
    print(f"  check: foot markers in mid-stance (all strides, 0-2.5 s) move back at "
          f"{np.mean(mv):.4f} ± {np.std(mv):.4f} m/s")
    stride = speed * period
    print(f"speed {speed:.4f} m/s, stride length {stride:.4f} m, cadence {120 / period:.1f} steps/min")

    # ---- leg coordinates and foot pitch: both legs pooled on their own phase
    results = {}  # name -> dict(mean, cos, sin, rms, unit, note)
    pooled_p = np.concatenate([p_r, p_l])
    allh = list(range(1, LEG_HARMONICS + 1))
    for c in LEG_COORDS:
        y = np.concatenate([ang(c + "_r"), ang(c + "_l")])
        mean, cs, sn, _, res = fit_series(pooled_p, y, allh, True, LEG_HARMONICS)
        results[c.upper()] = dict(mean=mean, cos=cs, sin=sn, rms=math.degrees(rms(res)), unit="deg",
                                  note=f"{c}_r and {c}_l pooled on own-leg phase")
    foot = {s: ang("pelvis_tilt") + ang(f"hip_flexion_{s}") + ang(f"knee_angle_{s}") + ang(f"ankle_angle_{s}")
            for s in "rl"}
    mean, cs, sn, _, res = fit_series(pooled_p, np.concatenate([foot["r"], foot["l"]]), allh, True, LEG_HARMONICS)
    results["FOOT_PITCH"] = dict(mean=mean, cos=cs, sin=sn, rms=math.degrees(rms(res)), unit="deg",
                                 note="pelvis_tilt + hip_flexion + knee_angle + ankle_angle, both legs pooled")

    # ---- pelvis and lumbar: right phase, symmetric, each sample also at its left phase
    two_p = np.concatenate([p_r, p_l])
    two_t = np.concatenate([t, t])
    pelvis_height = None
    trends = {}
    for out, col, kind, sym in TRUNK_SIGNALS:
        raw = column(names, ik, col)
        y = np.radians(raw) if kind == "angle" else raw.copy()
        yy = np.concatenate([y, y])
        if sym == "even":
            harm = list(range(2, TRUNK_HARMONICS + 1, 2))
            sign = np.ones_like(two_p)
        else:
            harm = list(range(1, TRUNK_HARMONICS + 1, 2))
            sign = np.concatenate([np.ones_like(t), -np.ones_like(t)])
        extra = None
        with_mean = sym == "even"
        if col in TRENDED:
            extra = np.column_stack([np.ones_like(two_t), two_t])
            with_mean = False
        mean, cs, sn, e, res = fit_series(two_p, yy, harm, with_mean, TRUNK_HARMONICS, sign=sign, extra=extra)
        scale = 1000.0 if kind == "length" else math.degrees(1.0)
        note = f"{col}, {'mean + even' if sym == 'even' else 'odd'} harmonics"
        rms_extra = ""
        if col in TRENDED:
            trends[col] = e
            plain = np.polyfit(t, y, 1)[0]
            note += f"; linear trend {e[1] * 1000:+.1f} mm/s removed"
            print(f"{col}: trend {e[1]:+.4f} m/s fitted with the periodic part "
                  f"(plain linear fit over the window: {plain:+.4f} m/s)")
        if col == "pelvis_ty":
            pelvis_height = mean
            mean = 0.0
            note += f"; mean {pelvis_height:.4f} m kept as PELVIS_HEIGHT_M"
        if sym == "odd" and col not in TRENDED:
            # what the symmetric fit drops: the offset of an unconstrained fit on right phase
            offset = fit_series(p_r, y, list(range(1, TRUNK_HARMONICS + 1)), True, TRUNK_HARMONICS)[0]
            rms_extra = (f" (includes the dropped offset {offset * scale:+.2f} deg; "
                         f"{rms(res - res.mean()) * scale:.2f} deg without it)")
            note += f"; offset {offset * scale:+.2f} deg dropped"
        results[out] = dict(mean=mean, cos=cs, sin=sn, rms=rms(res) * scale,
                            unit="mm" if kind == "length" else "deg", note=note, rms_extra=rms_extra)

    # ---- whole-body vertical acceleration from the force plates: both feet's vertical force
    # over its mean, minus one (g units), on the right leg's phase; even harmonics (one period
    # per step, left/right symmetric), no mean (the centre of mass does not drift vertically).
    total = column(gnames, grf, "ground_force_vy") + column(gnames, grf, "1_ground_force_vy")
    p_g = phase_of(tg, np.array(hs_r), period)
    acc = total / total.mean() - 1.0
    _, cs, sn, _, res = fit_series(p_g, acc, list(range(2, GRF_HARMONICS + 1, 2)), False, GRF_HARMONICS)
    print(f"total vertical GRF: mean {total.mean():.1f} N over {tg[-1] - tg[0]:.2f} s; "
          f"fit RMS residual {rms(res):.4f} g")
    results["COM_VERTICAL_ACC"] = dict(
        mean=0.0, cos=cs, sin=sn, rms=rms(res) * 1000.0, unit="mg",
        note="both feet's vertical ground reaction over its mean (" f"{total.mean():.1f} N), minus one: "
             "the centre of mass's vertical acceleration in g, even harmonics, right leg's phase")

    order = ["PELVIS_TILT", "PELVIS_LIST", "PELVIS_ROTATION", "PELVIS_DX", "PELVIS_DY", "PELVIS_DZ",
             "HIP_FLEXION", "HIP_ADDUCTION", "HIP_ROTATION", "KNEE_ANGLE", "ANKLE_ANGLE", "FOOT_PITCH",
             "LUMBAR_EXTENSION", "LUMBAR_BENDING", "LUMBAR_ROTATION", "COM_VERTICAL_ACC"]
    print(f"pelvis height (mean pelvis_ty) {pelvis_height:.4f} m")
    print("RMS fit residuals:")
    for k in order:
        r = results[k]
        span = np.ptp(eval_series(np.linspace(0, 1, 401), r["mean"], r["cos"], r["sin"]))
        span *= {"mm": 1000.0, "mg": 1000.0}.get(r["unit"], math.degrees(1.0))
        print(f"  {k:17s} {r['rms']:6.2f} {r['unit']:3s} (fitted range {span:5.1f} {r['unit']}){r.get('rms_extra', '')}")

    # ---- write the Rust file
    lhs_phase = float(np.mean(lhs_in_r)) if len(lhs_in_r) else float("nan")
    L = []
    w = L.append
    w("//! Measured gait cycle (generated by scripts/fit_gait_template.py — do not edit).")
    w("//!")
    w("//! Source: OpenSim example data, opensim-org/opensim-models, Pipelines/Gait2354_Simbody,")
    w("//! subject01_walk1 (inverse kinematics `subject01_walk1_ik.mot`, force plates")
    w("//! `subject01_walk1_grf.mot`, scaled model `subject01_simbody.osim`). Models CC BY 3.0;")
    w("//! the recordings ship as OpenSim example data with no licence text of their own.")
    w("//! Credit: Delp et al. 1990; Anderson & Pandy 1999, 2001; the OpenSim team.")
    w("//!")
    w("//! Phase 0 is the right heel strike (vertical GRF rising through 20 N). Angles in radians,")
    w("//! lengths in metres, OpenSim coordinate conventions. The leg signals are the right leg as a")
    w("//! function of its own phase (both legs' samples pooled; OpenSim mirrors the left leg's axes,")
    w("//! so the same sign is the same motion): the left leg is the same series shifted by 0.5.")
    w("//! Pelvis and lumbar signals are referenced to the right leg's phase and left/right")
    w("//! symmetric: sagittal ones keep the mean and even harmonics, frontal and transverse ones")
    w("//! only odd harmonics (zero mean).")
    w("//!")
    w("//! Events (s): right heel strikes " + ", ".join(f"{x:.4f}" for x in hs_r)
      + "; right toe-offs " + ", ".join(f"{x:.4f}" for x in to_r) + ";")
    w("//! left heel strikes " + ", ".join(f"{x:.4f}" for x in hs_l)
      + "; left toe-offs " + ", ".join(f"{x:.4f}" for x in to_l) + ".")
    for n in event_notes:
        w(f"//! Note: {n}.")
    w(f"//! Stance fraction: right {stance_r:.4f}, left {stance_l:.4f}; left heel strike at right phase {lhs_phase:.4f}.")
    w("//! The 1.2 s IK window is shorter than the stride; a sample's phase is its time since the last")
    w("//! heel strike of that leg over that stride's duration (before the first right heel strike the")
    w("//! stride is assumed to last PERIOD_S).")
    w("//!")
    w("//! The trial was walked on a treadmill: pelvis_tx stays near 0.6 m while the stance foot moves")
    w("//! backwards, so SPEED_MPS is the belt speed, measured as the backward speed of the stance")
    w("//! foot's metatarsophalangeal joint centre in mid-stance (forward kinematics of the scaled model")
    w("//! with the IK angles; the foot markers agree). The linear trends removed from pelvis_tx")
    w(f"//! ({trends['pelvis_tx'][1] * 1000:+.1f} mm/s) and pelvis_tz ({trends['pelvis_tz'][1] * 1000:+.1f} mm/s) "
      "are the subject's drift on the belt.")
    w("//!")
    w("//! RMS fit residuals (over all samples used, left-phase copies included):")
    for k in order:
        w(f"//! - {k}: {results[k]['rms']:.2f} {results[k]['unit']}{results[k].get('rms_extra', '')}")
    w("")
    w("/// A periodic signal: value(p) = mean + Σ_k (cos[k-1]·cos(2πkp) + sin[k-1]·sin(2πkp)),")
    w("/// p = phase in [0,1).")
    w("#[derive(Debug, Clone, Copy, PartialEq)]")
    w("pub struct FourierSeries {")
    w("    /// The constant term.")
    w("    pub mean: f64,")
    w("    /// Cosine coefficients of harmonics 1, 2, …")
    w("    pub cos: &'static [f64],")
    w("    /// Sine coefficients of harmonics 1, 2, …")
    w("    pub sin: &'static [f64],")
    w("}")
    w("")

    def scalar(name, value, doc):
        for line in doc:
            w(f"/// {line}")
        w(f"pub const {name}: f64 = {rust_float(value)};")

    scalar("PERIOD_S", period, ["Stride period of the recorded trial (s): right heel strike to the next."])
    scalar("SPEED_MPS", speed, ["Walking speed (m/s): the treadmill belt speed (see the module notes)."])
    scalar("STRIDE_M", stride, ["Stride length (m) = SPEED_MPS × PERIOD_S."])
    scalar("TOE_OFF_PHASE", toe_off, ["Stance fraction (toe-off phase), mean of both legs."])
    for line in [
        "The trailing foot's share of the feet's vertical force over double support, at x from 0",
        "(the other foot's heel strike) to 1 (this foot's toe-off): 1 − x + x(1 − x)(a + b·x),",
        f"[a, b], least squares over the trial's {ds_count} double supports (RMS residual {ds_rms:.3f},",
        f"largest {ds_max:.3f}).",
    ]:
        w(f"/// {line}")
    w(f"pub const DOUBLE_SUPPORT_SHARE: [f64; 2] = [{rust_float(ds_a)}, {rust_float(ds_b)}];")
    scalar("PELVIS_HEIGHT_M", pelvis_height,
           ["Mean pelvis_ty (m): OpenSim pelvis origin height above the lab floor (y = 0)."])
    scalar("FOOT_FLAT_CALCN_HEIGHT_M", calcn_height,
           ["Height (m) of the calcaneus origin above the lab floor in mid-stance (median over the",
            "stances in the window; forward kinematics of the scaled gait2354 model): the shoe sole",
            "and heel pad under the model's bones. The mtp joint centre sat at "
            f"{toes_height:.4f} m.",
            "PELVIS_HEIGHT_M minus this is the walking pelvis height above the calcaneus origin."])
    w("")
    for k in order:
        r = results[k]
        unit = {"mm": "m", "mg": "g"}.get(r["unit"], "rad")
        for line in wrap_comment(f"{r['note']} ({unit}); RMS fit residual {r['rms']:.2f} {r['unit']}.", "/// "):
            w(line)
        w(f"pub const {k}: FourierSeries = FourierSeries {{")
        w(f"    mean: {rust_float(r['mean'])},")
        w(f"    cos: &{rust_array(r['cos'])},")
        w(f"    sin: &{rust_array(r['sin'])},")
        w("};")
    write_rust(args.out, "\n".join(L) + "\n")


if __name__ == "__main__":
    main()
