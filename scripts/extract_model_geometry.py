#!/usr/bin/env python3
"""Extract the geometry Lumbus needs from OpenSim's gait2392 model (subject01, scaled).

What it does
    Reads gait2392_jointreaction/subject01_simbody_adjusted_StaticOp.osim from the shared
    gait data (OpenSim 4 XML, parsed with xml.etree) and writes, in that model's body frames
    (metres; X anterior, Y superior, Z right), as Rust constants with no dependencies:

    * joint centres of the right side: hip (pelvis frame), knee (femur frame, at
      knee_angle = 0: the knee's translation is a spline of the knee angle), ankle (tibia),
      subtalar (talus), mtp (calcn), and the back/lumbar joint (pelvis); the left side is
      the mirror image in Z (checked against the model's left joints);
    * masses, centres of mass and inertias of pelvis, femur, tibia, talus, calcn, toes and
      torso (right-side bodies), and the model's total mass;
    * the hip muscles of the right side and the three trunk muscles (erector spinae,
      internal and external obliques), and the muscles crossing the knee or ankle but not
      the hip (vasti, short head of biceps, calf and shin muscles): maximum isometric force
      and path points. ConditionalPathPoints whose active range excludes 0 rad of their
      coordinate are skipped (listed in the output); MovingPathPoints are evaluated at
      coordinate 0;
    * every knee-crossing muscle's knee moment arm over knee flexion 0-120 deg, from
      gait2392 itself (-dL/dθ of its path with the moving knee centre, moving and
      conditional points), and a printed comparison of these and of the ankle moment arms
      with the straight lines through the points above (what Lumbus's paths are);
    * a reference leg length (hip centre to the level of the calcaneus origin, neutral
      pose, by forward kinematics) and the standing pelvis-origin height with the
      calcaneus origin on the floor.

How to run (from the repository root)
    python3 scripts/extract_model_geometry.py [DATA_DIR] [--out FILE]

    DATA_DIR defaults to ../shared/data/gait (relative to the repository root). FILE
    defaults to crates/lumbus-core/src/model/opensim_geometry.rs. Needs numpy.

The generated file is committed: Lumbus is built and run without the shared data, so the
numbers live in the project. Re-run this script only to change the extraction, and commit
both.
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
DEFAULT_OUT = os.path.join(REPO_ROOT, "crates", "lumbus-core", "src", "model", "opensim_geometry.rs")
MODEL = os.path.join("gait2392_jointreaction", "subject01_simbody_adjusted_StaticOp.osim")

BODIES = ["pelvis", "femur_r", "tibia_r", "talus_r", "calcn_r", "toes_r", "torso"]
HIP_MUSCLES = ["glut_med1", "glut_med2", "glut_med3", "glut_min1", "glut_min2", "glut_min3",
               "glut_max1", "glut_max2", "glut_max3", "iliacus", "psoas", "add_long", "add_brev",
               "add_mag1", "add_mag2", "add_mag3", "pect", "grac", "semimem", "semiten", "bifemlh",
               "sar", "tfl", "rect_fem", "quad_fem", "gem", "peri"]
TRUNK_MUSCLES = ["ercspn", "intobl", "extobl"]
# Muscles that cross the knee or the ankle but not the hip (the biarticular hip muscles above
# already reach the tibia): vasti, the short head of biceps, the calf and the shin muscles.
LEG_MUSCLES = ["vas_med", "vas_int", "vas_lat", "bifemsh", "med_gas", "lat_gas", "soleus", "tib_post",
               "flex_dig", "flex_hal", "tib_ant", "per_brev", "per_long", "per_tert", "ext_dig", "ext_hal"]
# Knee-crossing muscles whose knee moment arm is compared, gait2392 against the straight-line
# approximation Lumbus uses (points fixed where they are at knee_angle = 0, fixed knee centre).
KNEE_ARM_CHECK = ["rect_fem", "vas_med", "vas_int", "vas_lat", "bifemsh", "bifemlh", "semimem", "med_gas"]
KNEE_ARM_ANGLES_DEG = [0, -15, -30, -45, -60]
# Every muscle that crosses the knee: its knee moment arm is tabulated from gait2392 itself.
KNEE_CROSSING = ["grac", "semimem", "semiten", "bifemlh", "sar", "tfl", "rect_fem", "vas_med", "vas_int",
                 "vas_lat", "bifemsh", "med_gas", "lat_gas"]
# The table's knee flexion grid, deg (gait2392's knee range is -120..10 deg of knee_angle).
KNEE_TABLE_STEP_DEG = 5
KNEE_TABLE_MAX_DEG = 120
# Ankle moment arms compared at ankle_angle = 0: gait2392 about its oblique talocrural axis
# against straight lines about the shank's Z axis, as Lumbus uses them.
ANKLE_ARM_CHECK = ["soleus", "med_gas", "tib_post", "per_long", "tib_ant", "ext_dig"]
# (constant name, joint, which side of the joint: the frame the centre is given in)
JOINT_CENTRES = [
    ("HIP_IN_PELVIS_R", "hip_r", "pelvis"),
    ("KNEE_IN_FEMUR", "knee_r", "femur_r"),
    ("ANKLE_IN_TIBIA", "ankle_r", "tibia_r"),
    ("SUBTALAR_IN_TALUS", "subtalar_r", "talus_r"),
    ("MTP_IN_CALCN", "mtp_r", "calcn_r"),
    ("BACK_IN_PELVIS", "back", "pelvis"),
]


def _vec(s):
    return np.array([float(v) for v in s.split()])


# --------------------------------------------------------------------------- OpenSim functions

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
    """Evaluate an OpenSim function element (the kinds this model uses) at q."""
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


# --------------------------------------------------------------------------- the model

class Joint:
    def __init__(self, j):
        self.name = j.get("name")
        frames = {
            f.get("name"): (f.findtext("socket_parent").split("/")[-1],
                            _vec(f.findtext("translation")), _vec(f.findtext("orientation")))
            for f in j.find("frames")
        }
        self.parent_body, self.parent_t, self.parent_o = frames[j.findtext("socket_parent_frame").strip()]
        self.child_body, self.child_t, self.child_o = frames[j.findtext("socket_child_frame").strip()]
        self.axes = []
        for ta in j.find("SpatialTransform"):
            fn = [c for c in ta if c.tag not in ("coordinates", "axis")][0]
            self.axes.append((ta.get("name"), (ta.findtext("coordinates") or "").strip(),
                              _vec(ta.findtext("axis")), fn))

    def transform(self, q):
        """(R, t) of the child offset frame in the parent offset frame. Rotations are a
        body-fixed sequence about the three axes; translations are along their axes in
        the parent offset frame."""
        R, tr = np.eye(3), np.zeros(3)
        for name, coord, axis, fn in self.axes:
            v = eval_function(fn, q.get(coord, 0.0) if coord else 0.0)
            if name.startswith("rotation"):
                R = R @ axis_rotation(axis, v)
            else:
                tr = tr + axis / np.linalg.norm(axis) * v
        return R, tr

    def centre_in_parent(self, q):
        """Origin of the child offset frame (the joint centre) in the parent body's frame."""
        _, tr = self.transform(q)
        return self.parent_t + body_fixed_xyz(self.parent_o) @ tr


class Model:
    def __init__(self, path):
        root = ET.parse(path).getroot()
        self.model = root.find("Model")
        self.version = root.get("Version")
        self.credits = (self.model.findtext("credits") or "").strip()
        self.bodies = {b.get("name"): b for b in self.model.find("BodySet/objects")}
        self.joints = {}
        self.joint_of_child = {}
        for j in self.model.find("JointSet/objects"):
            jt = Joint(j)
            self.joints[jt.name] = jt
            self.joint_of_child[jt.child_body] = jt
        self.forces = {f.get("name"): f for f in self.model.find("ForceSet/objects")}

    def pose(self, body, q, cache=None):
        cache = {} if cache is None else cache
        if body == "ground":
            return np.eye(3), np.zeros(3)
        if body in cache:
            return cache[body]
        jt = self.joint_of_child[body]
        Rp, op = self.pose(jt.parent_body, q, cache)
        RF, oF = Rp @ body_fixed_xyz(jt.parent_o), op + Rp @ jt.parent_t
        R, tr = jt.transform(q)
        RM, oM = RF @ R, oF + RF @ tr
        RB = RM @ body_fixed_xyz(jt.child_o).T
        cache[body] = (RB, oM - RB @ jt.child_t)
        return cache[body]

    def point(self, body, loc, q):
        R, o = self.pose(body, q)
        return o + R @ loc

    def path(self, f, q, active=None):
        """A muscle's active path points in ground at coordinates q, as OpenSim has them:
        conditional points only inside their range (judged at coordinates `active`, default
        q), moving points where their functions put them."""
        active = q if active is None else active
        out = []
        for p in f.find("GeometryPath/PathPointSet/objects"):
            body = p.findtext("socket_parent_frame").strip().split("/")[-1]
            if p.tag == "ConditionalPathPoint":
                lo, hi = _vec(p.findtext("range"))
                coord = p.findtext("socket_coordinate").strip().split("/")[-1]
                if not lo <= active.get(coord, 0.0) <= hi:
                    continue
                loc = _vec(p.findtext("location"))
            elif p.tag == "MovingPathPoint":
                loc = np.array([eval_function(list(p.find(f"{a}_location"))[0],
                                              q.get(p.findtext(f"socket_{a}_coordinate").strip().split("/")[-1], 0.0))
                                for a in "xyz"])
            else:
                loc = _vec(p.findtext("location"))
            out.append(self.point(body, loc, q))
        return out


def path_length(points):
    return sum(np.linalg.norm(b - a) for a, b in zip(points, points[1:]))


def gait2392_knee_arm(model, f, flexion_deg):
    """gait2392's knee moment arm of muscle f at a knee flexion (deg): its path with moving
    points and the moving knee centre, the conditional points' activity held at that angle
    (a point switching in or out is a jump in length, not a moment arm)."""
    at = {"knee_angle_r": -math.radians(flexion_deg)}
    return knee_moment_arm(lambda x: path_length(model.path(f, {"knee_angle_r": x}, at)), at["knee_angle_r"])


def knee_moment_arm(length_at, angle):
    """Moment arm about the knee (m, extension positive) from the path length's rate,
    r = −dL/dθ with θ the knee angle (extension positive), by central differences."""
    h = 1e-5
    return -(length_at(angle + h) - length_at(angle - h)) / (2 * h)


# --------------------------------------------------------------------------- Rust output

def rust_float(x):
    """A Rust f64 literal with at most 12 significant digits."""
    x = float(x)
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
    model = Model(os.path.join(args.data_dir, MODEL))
    q0 = {}  # the neutral pose: every coordinate 0
    print(f"{MODEL}: OpenSim document version {model.version}, {len(model.bodies)} bodies, "
          f"{len(model.joints)} joints, {len(model.forces)} forces")
    comments = []  # notes that go into the generated file

    # ---- joint centres
    for jt in model.joints.values():
        if np.any(jt.child_t != 0) or np.any(jt.child_o != 0) or np.any(jt.parent_o != 0):
            sys.exit(f"joint {jt.name}: offset frame with a rotation or a child offset; "
                     "this script assumes the joint centre is the child body's origin")
    centres = {}
    for cname, jname, frame in JOINT_CENTRES:
        jt = model.joints[jname]
        if jt.parent_body != frame:
            sys.exit(f"joint {jname}: parent body {jt.parent_body}, expected {frame}")
        centres[cname] = jt.centre_in_parent(q0)
        print(f"{cname:18s} {np.round(centres[cname], 6)}")
        # the left side must be the mirror image
        left = jname[:-2] + "_l" if jname.endswith("_r") else None
        if left:
            cl = model.joints[left].centre_in_parent(q0)
            if not np.allclose(cl, centres[cname] * [1, 1, -1], atol=1e-9):
                sys.exit(f"{left} centre {cl} is not the mirror of {jname}")
    # knee translation over its range
    knee = model.joints["knee_r"]
    kq = np.radians(np.arange(-120, 11, 10))
    kc = np.array([knee.centre_in_parent({"knee_angle_r": a}) for a in kq])
    kx_range = (kc[:, 0].min(), kc[:, 0].max())
    ky_range = (kc[:, 1].min(), kc[:, 1].max())
    print(f"knee centre over knee_angle -120..10 deg: x {kx_range[0]:.4f}..{kx_range[1]:.4f}, "
          f"y {ky_range[0]:.4f}..{ky_range[1]:.4f} m")

    # ---- bodies
    body_rows = []
    for b in BODIES:
        e = model.bodies[b]
        mass = float(e.findtext("mass"))
        com = _vec(e.findtext("mass_center"))
        inertia = _vec(e.findtext("inertia"))
        if len(inertia) != 6:
            sys.exit(f"body {b}: expected 6 inertia values")
        body_rows.append((b, mass, com, inertia))
        print(f"body {b:8s} mass {mass:8.4f} kg  com {np.round(com, 5)}  inertia {inertia}")
        if b.endswith("_r"):
            el = model.bodies[b[:-2] + "_l"]
            if not (abs(float(el.findtext("mass")) - mass) < 1e-12
                    and np.allclose(_vec(el.findtext("mass_center")), com * [1, 1, -1])):
                sys.exit(f"body {b[:-2]}_l is not the mirror of {b}")
    total_mass = sum(float(e.findtext("mass")) for e in model.bodies.values())
    print(f"model mass {total_mass:.4f} kg")
    torso_com = body_rows[-1][2]
    generic_torso_com = None
    generic = os.path.join(args.data_dir, "gait2354", "subject01_simbody.osim")
    if os.path.exists(generic):
        for e in ET.parse(generic).getroot().find("Model").find("BodySet/objects"):
            if e.get("name") == "torso":
                generic_torso_com = _vec(e.findtext("mass_center"))
        print(f"torso com: adjusted model {torso_com}, unadjusted subject01 model {generic_torso_com}")

    # ---- muscles
    muscles = []
    skipped = []
    moving = []
    for base in HIP_MUSCLES + TRUNK_MUSCLES + LEG_MUSCLES:
        name = base + "_r"
        f = model.forces.get(name)
        if f is None:
            sys.exit(f"muscle {name} not in the model")
        fmax = float(f.findtext("max_isometric_force"))
        wraps = f.find("GeometryPath/PathWrapSet/objects")
        if wraps is not None and len(wraps):
            comments.append(f"{name} has wrap objects, ignored")
        pts = []
        for p in f.find("GeometryPath/PathPointSet/objects"):
            body = p.findtext("socket_parent_frame").strip().split("/")[-1]
            if p.tag == "PathPoint":
                loc = _vec(p.findtext("location"))
            elif p.tag == "ConditionalPathPoint":
                lo, hi = _vec(p.findtext("range"))
                coord = p.findtext("socket_coordinate").strip().split("/")[-1]
                if not lo <= 0.0 <= hi:
                    skipped.append(f"{p.get('name')} ({body}; active for {coord} in "
                                   f"[{math.degrees(lo):.1f}, {math.degrees(hi):.1f}] deg)")
                    continue
                loc = _vec(p.findtext("location"))
            elif p.tag == "MovingPathPoint":
                coords = [p.findtext(f"socket_{a}_coordinate").strip().split("/")[-1] for a in "xyz"]
                loc = np.array([eval_function(list(p.find(f"{a}_location"))[0], 0.0) for a in "xyz"])
                moving.append(f"{p.get('name')} ({body}; moves with {', '.join(sorted(set(coords)))}; "
                              "evaluated at 0)")
            else:
                sys.exit(f"{name}: unsupported path point <{p.tag}>")
            pts.append((body, loc))
        muscles.append((name, fmax, pts))
        print(f"{name:12s} {fmax:7.1f} N  " + "  ".join(f"{b}{np.round(l, 4).tolist()}" for b, l in pts))
    for s in skipped:
        print("skipped conditional point", s)
    for s in moving:
        print("moving point", s)

    # ---- knee moment arms. Lumbus's knee is a hinge about a fixed centre and its paths are
    # straight lines between points fixed in their bodies (as generated: where they are at
    # knee_angle = 0). gait2392's knee centre moves with the knee angle and its quadriceps
    # insertions are moving points, so the knee rows of the static optimisation take
    # gait2392's own moment arms (−dL/dθ of its path) from a table over knee flexion; the
    # straight lines keep the forces' lines of action (what the hip contact needs).
    below_knee = {"tibia_r", "talus_r", "calcn_r", "toes_r"}
    k0 = model.point("tibia_r", np.zeros(3), q0)
    by_name = {n: pts for n, _, pts in muscles}

    def straight_knee_arm(name, flexion_deg):
        def length(a):
            R = axis_rotation([0, 0, 1], a)
            pts = [k0 + R @ (model.point(b, loc, q0) - k0) if b in below_knee else model.point(b, loc, q0)
                   for b, loc in by_name[name]]
            return path_length(pts)
        return knee_moment_arm(length, -math.radians(flexion_deg))

    knee_table = []
    grid = list(range(0, KNEE_TABLE_MAX_DEG + 1, KNEE_TABLE_STEP_DEG))
    for base in KNEE_CROSSING:
        name = base + "_r"
        knee_table.append((name, [gait2392_knee_arm(model, model.forces[name], d) for d in grid]))
    arm_rows = []
    for base in KNEE_ARM_CHECK:
        name = base + "_r"
        arms = [(gait2392_knee_arm(model, model.forces[name], -d), straight_knee_arm(name, -d))
                for d in KNEE_ARM_ANGLES_DEG]
        arm_rows.append((name, arms))
        print(f"knee moment arm {name:12s} " + "  ".join(
            f"{-d:3d}deg {g * 1000:6.1f}/{a * 1000:6.1f}" for d, (g, a) in zip(KNEE_ARM_ANGLES_DEG, arms))
            + " mm (gait2392/straight lines)")

    # ---- ankle moment arms at ankle_angle = 0: gait2392 about its oblique axis against
    # straight lines about Z through the ankle centre (Lumbus's ankle row).
    ankle = model.joints["ankle_r"]
    ankle_axis = [a for n, c, a, _ in ankle.axes if c == "ankle_angle_r"][0]
    a0 = model.point("talus_r", np.zeros(3), q0)
    foot_bodies = {"talus_r", "calcn_r", "toes_r"}
    ankle_rows = []
    for base in ANKLE_ARM_CHECK:
        name = base + "_r"
        f = model.forces[name]
        g = -(path_length(model.path(f, {"ankle_angle_r": 1e-5}, q0))
              - path_length(model.path(f, {"ankle_angle_r": -1e-5}, q0))) / 2e-5

        def length(a, name=name):
            R = axis_rotation([0, 0, 1], a)
            return path_length([a0 + R @ (model.point(b, loc, q0) - a0) if b in foot_bodies
                                else model.point(b, loc, q0) for b, loc in by_name[name]])
        st = -(length(1e-5) - length(-1e-5)) / 2e-5
        ankle_rows.append((name, g, st))
        print(f"ankle moment arm {name:12s} {g * 1000:6.1f}/{st * 1000:6.1f} mm (gait2392/straight lines)")
    print(f"ankle axis {ankle_axis}")

    # ---- leg length and standing pelvis height (neutral pose, forward kinematics)
    hip = model.point("femur_r", np.zeros(3), q0)
    calcn = model.point("calcn_r", np.zeros(3), q0)
    mtp = model.point("toes_r", np.zeros(3), q0)
    heel_marker = None
    for mk in model.model.find("MarkerSet/objects") if model.model.find("MarkerSet/objects") is not None else []:
        if mk.get("name") == "R.Heel":
            heel_marker = _vec(mk.findtext("location"))
    leg_length = hip[1] - calcn[1]
    pelvis_height = -calcn[1]
    print(f"neutral pose: hip centre y {hip[1]:.5f}, calcn origin y {calcn[1]:.5f}, "
          f"mtp centre y {mtp[1]:.5f} (pelvis frame)")
    print(f"leg length (hip centre to calcn origin level) {leg_length:.5f} m; "
          f"standing pelvis origin height {pelvis_height:.5f} m")

    # ---- write the Rust file
    L = []
    w = L.append
    w("//! Geometry of OpenSim's gait2392 model, subject01 scaled (generated by")
    w("//! scripts/extract_model_geometry.py — do not edit).")
    w("//!")
    w("//! Source: opensim-org/opensim-models, Tutorials/Estimating_Joint_Reaction_Loads,")
    w("//! `subject01_simbody_adjusted_StaticOp.osim` (gait2392, a version of Delp et al. 1990's")
    w("//! lower-limb model with the low back of Anderson & Pandy 1999, 2001; scaled to subject01 and")
    w("//! adjusted by OpenSim's residual reduction). Licence: CC BY 3.0. Credits (from the model):")
    for line in wrap_comment(model.credits, "//! "):
        w(line)
    w("//!")
    w("//! Units: metres, kilograms, newtons. Frames: the model's body frames (X anterior, Y superior,")
    w("//! Z right), right side only; the left side is the mirror image in Z (checked against the")
    w("//! model's left joints and bodies). Joint centres are given in the parent body's frame and")
    w("//! are the child body's origin. The neutral pose has every coordinate at 0.")
    w("//!")
    w("//! Muscle paths are straight lines between the points (this model has no wrap objects).")
    w("//! Skipped ConditionalPathPoints (their active range excludes 0 rad of their coordinate):")
    for s in skipped:
        w(f"//! - {s}")
    w("//!")
    w("//! ConditionalPathPoints active at 0 are included as plain points. MovingPathPoints, included")
    w("//! at their location for coordinate 0:")
    for s in moving:
        w(f"//! - {s}")
    w("//!")
    w("//! Knee moment arms (mm, extension positive) at knee flexion 0/15/30/45/60 deg: gait2392's")
    w("//! own, with its moving knee centre and moving points, against straight lines through the")
    w("//! points above about a fixed knee centre. The straight lines overstate the extensors' and")
    w("//! hamstrings' arms by up to a third and understate gastrocnemius's past 30 deg, so the knee")
    w("//! rows use gait2392's (`KNEE_MOMENT_ARMS`):")
    for name, arms in arm_rows:
        w(f"//! - {name}: " + ", ".join(f"{g * 1000:.1f}/{a * 1000:.1f}" for g, a in arms))
    w("//!")
    w("//! Ankle moment arms (mm, dorsiflexion positive) at ankle_angle = 0: gait2392's, about its")
    w("//! oblique talocrural axis " + rust_array(ankle_axis) + ", against straight lines about")
    w("//! the Z axis through the ankle centre (the ankle rows use the straight lines):")
    for name, g, st in ankle_rows:
        w(f"//! - {name}: {g * 1000:.1f}/{st * 1000:.1f}")
    w("")

    def derive():
        w("#[derive(Debug, Clone, Copy, PartialEq)]")

    w("/// A muscle path point fixed in a body.")
    derive()
    w("pub struct PathPoint {")
    w("    /// The OpenSim body the point is fixed in.")
    w("    pub body: &'static str,")
    w("    /// Location in that body's frame (m).")
    w("    pub location: [f64; 3],")
    w("}")
    w("")
    w("/// A muscle: its maximum isometric force and its path from origin to insertion.")
    derive()
    w("pub struct MusclePath {")
    w("    /// The OpenSim muscle name.")
    w("    pub name: &'static str,")
    w("    /// Maximum isometric force (N), as in the model.")
    w("    pub max_isometric_force_n: f64,")
    w("    /// Path points from origin to insertion.")
    w("    pub points: &'static [PathPoint],")
    w("}")
    w("")
    w("/// Mass properties of a body.")
    derive()
    w("pub struct BodyInertia {")
    w("    /// The OpenSim body name.")
    w("    pub name: &'static str,")
    w("    /// Mass (kg).")
    w("    pub mass: f64,")
    w("    /// Centre of mass in the body frame (m).")
    w("    pub com: [f64; 3],")
    w("    /// Inertia about the centre of mass in body axes (kg·m²): xx, yy, zz, xy, xz, yz.")
    w("    pub inertia: [f64; 6],")
    w("}")
    w("")
    docs = {
        "HIP_IN_PELVIS_R": "Right hip joint centre in the pelvis frame (m).",
        "KNEE_IN_FEMUR": ("Knee joint centre in the femur frame at knee_angle = 0 (m). The knee's translation is "
                          "a spline of the knee angle (knee_angle -120..10 deg: x from "
                          f"{kx_range[0] * 1000:.1f} to {kx_range[1] * 1000:.1f} mm, y from "
                          f"{ky_range[0] * 1000:.1f} to {ky_range[1] * 1000:.1f} mm)."),
        "ANKLE_IN_TIBIA": "Ankle joint centre in the tibia frame (m).",
        "SUBTALAR_IN_TALUS": "Subtalar joint centre in the talus frame (m).",
        "MTP_IN_CALCN": "Metatarsophalangeal joint centre in the calcaneus frame (m).",
        "BACK_IN_PELVIS": "Back (lumbar) joint centre in the pelvis frame (m): the torso's origin.",
    }
    for cname, _, _ in JOINT_CENTRES:
        for line in wrap_comment(docs[cname], "/// "):
            w(line)
        w(f"pub const {cname}: [f64; 3] = {rust_array(centres[cname])};")
    w("")
    w("/// Total mass of the model, all bodies (kg).")
    w(f"pub const MODEL_MASS_KG: f64 = {rust_float(total_mass)};")
    doc = ("Reference leg length (m): vertical distance from the hip joint centre down to the level of "
           "the calcaneus origin in the neutral pose. Assumption (no source): the foot's ground contact "
           "is at the calcaneus origin's level (in the neutral pose the mtp centre is "
           f"{(calcn[1] - mtp[1]) * 1000:.1f} mm lower")
    if heel_marker is not None:
        doc += f", the model's R.Heel marker {heel_marker[1] * 1000:.1f} mm higher"
    doc += ("). In the recorded walking the calcaneus origin was about 50 mm above the lab floor in "
            "mid-stance (shoe sole and heel pad; see gait::template_data::FOOT_FLAT_CALCN_HEIGHT_M).")
    for line in wrap_comment(doc, "/// "):
        w(line)
    w(f"pub const LEG_LENGTH_M: f64 = {rust_float(leg_length)};")
    w("/// Standing pelvis-origin height (m): the pelvis origin above the floor in the neutral pose")
    w("/// with the calcaneus origin on the floor (LEG_LENGTH_M plus the hip centre's depth below the")
    w("/// pelvis origin).")
    w(f"pub const PELVIS_HEIGHT_M: f64 = {rust_float(pelvis_height)};")
    w("")
    doc = ("Mass properties of the right-side bodies, the pelvis and the torso (the left side mirrors "
           f"the right in Z). The torso's centre of mass is {np.round(torso_com, 4).tolist()}, "
           f"{torso_com[2] * 1000:.1f} mm to the right of the midline")
    if generic_torso_com is not None:
        doc += (f" (moved by the residual reduction: the unadjusted subject01 model, "
                f"gait2354/subject01_simbody.osim, has {np.round(generic_torso_com, 4).tolist()})")
    doc += "."
    for line in wrap_comment(doc, "/// "):
        w(line)
    w("pub const BODIES: &[BodyInertia] = &[")
    for b, mass, com, inertia in body_rows:
        w(f"    BodyInertia {{ name: \"{b}\", mass: {rust_float(mass)}, com: {rust_array(com)}, "
          f"inertia: {rust_array(inertia)} }},")
    w("];")
    w("")
    leg_names = {b + "_r" for b in LEG_MUSCLES}

    def muscle_list(const, rows):
        w(f"pub const {const}: &[MusclePath] = &[")
        for name, fmax, pts in rows:
            w("    MusclePath {")
            w(f"        name: \"{name}\",")
            w(f"        max_isometric_force_n: {rust_float(fmax)},")
            w("        points: &[")
            for body, loc in pts:
                w(f"            PathPoint {{ body: \"{body}\", location: {rust_array(loc)} }},")
            w("        ],")
            w("    },")
        w("];")

    w("/// Right-side hip muscles (gluteals, iliopsoas, adductors, hamstrings, sartorius, TFL,")
    w("/// rectus femoris, short external rotators) and trunk muscles from pelvis to torso (erector")
    w("/// spinae, internal and external obliques), in the model's body frames.")
    muscle_list("MUSCLES_R", [m for m in muscles if m[0] not in leg_names])
    w("")
    w("/// Right-side muscles that cross the knee or the ankle but not the hip: vasti, the short head")
    w("/// of biceps femoris, gastrocnemius, soleus, and the muscles of the calf and shin that cross the")
    w("/// ankle (their toe points included; Lumbus's foot is one rigid segment).")
    muscle_list("LEG_MUSCLES_R", [m for m in muscles if m[0] in leg_names])
    w("")
    w("/// A muscle's knee moment arm in gait2392 over knee flexion (m; extension positive): −dL/dθ")
    w("/// of its path with the moving knee centre, moving points and conditional points as OpenSim")
    w("/// has them (ankle at 0).")
    derive()
    w("pub struct KneeMomentArm {")
    w("    /// The OpenSim muscle name.")
    w("    pub name: &'static str,")
    w("    /// Moment arm at knee flexion 0, KNEE_ARM_STEP_DEG, 2 × KNEE_ARM_STEP_DEG, … deg (m).")
    w("    pub arm_m: &'static [f64],")
    w("}")
    w("")
    w("/// The knee moment-arm table's flexion step (deg); it spans 0 to "
      f"{KNEE_TABLE_MAX_DEG} deg.")
    w(f"pub const KNEE_ARM_STEP_DEG: f64 = {rust_float(KNEE_TABLE_STEP_DEG)};")
    w("")
    w("/// Every right-side muscle that crosses the knee, with its gait2392 knee moment arm.")
    w("pub const KNEE_MOMENT_ARMS: &[KneeMomentArm] = &[")
    for name, arms in knee_table:
        w(f"    KneeMomentArm {{ name: \"{name}\", arm_m: &{rust_array(arms)} }},")
    w("];")
    write_rust(args.out, "\n".join(L) + "\n")



if __name__ == "__main__":
    main()
