#!/usr/bin/env python3
"""Side-by-side: our organisation planner vs the exact MILP solver HiGHS vs a numpy greedy.

For each size and case it generates the seeded instance with our example binary
(`cargo build --release --example plan_instance`), times our solver on it (solve only, JSON
parsing excluded), builds the MILP

    max  sum_ij v_ij x_ij
    s.t. sum_j x_ij <= 1                      for every person i
         sum_ij u_ijr x_ij <= capacity_r      for every resource r (budgets, seats, buddies)
         x_ij in {0, 1}

with highspy, solves it with a time limit (and its LP relaxation alone), and for the
budget-only case also times the convex-hull greedy an analyst would write in numpy.

    python benches/compare_highs.py --sizes 1000,10000,100000 --milp-max 10000 \
        --ours-only 500000 --time-limit 300

Above `--milp-max` people only HiGHS's LP relaxation runs (its MILP does not finish in 300 s
there), and the ratio is taken against the LP time; `--ours-only` sizes run our solver alone
(generated in-process, no JSON) with its time and peak memory (`/usr/bin/time`). Our time and
the numpy greedy's are the best of `--repeat` runs (the machine is shared and noisy).

Requires `pip install highspy==1.15.1 numpy`. Prints one Markdown table row per size and case.
"""

import argparse
import json
import os
import subprocess
import tempfile
import time

import highspy
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def binary(path):
    if path:
        return path
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "examples", "plan_instance")


def build_lp(problem, integer):
    people = problem["people"]
    res = problem["resources"]
    n_people = len(people)
    values, starts, index, coef = [], [0], [], []
    for i, person in enumerate(people):
        for opt in person["options"]:
            values.append(opt["value"])
            index.append(i)
            coef.append(1.0)
            for r, a in opt["uses"]:
                if a != 0:
                    index.append(n_people + r)
                    coef.append(a)
            starts.append(len(index))
    if problem.get("groups"):
        raise SystemExit("group offers are not part of the benchmark MILP")
    nc = len(values)
    lp = highspy.HighsLp()
    lp.num_col_ = nc
    lp.num_row_ = n_people + len(res)
    lp.col_cost_ = np.array(values, dtype=np.float64)
    lp.col_lower_ = np.zeros(nc)
    lp.col_upper_ = np.ones(nc)
    lp.row_lower_ = np.full(lp.num_row_, -highspy.kHighsInf)
    lp.row_upper_ = np.concatenate([np.ones(n_people), np.array([r["capacity"] for r in res], dtype=np.float64)])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(coef, dtype=np.float64)
    lp.sense_ = highspy.ObjSense.kMaximize
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * nc
    return lp


def run_highs(problem, integer, time_limit):
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.passModel(build_lp(problem, integer))
    start = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - start
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    value = info.objective_function_value
    bound = info.mip_dual_bound if integer else value
    return seconds, status, value, bound


def numpy_greedy(problem):
    """Convex-hull greedy for one total budget (resource 0), vectorised over people: the LP
    greedy without its fractional item, as an analyst would write it."""
    people = problem["people"]
    k = max(len(p["options"]) for p in people)
    n = len(people)
    cost = np.full((n, k), np.inf)
    val = np.full((n, k), -np.inf)
    for i, p in enumerate(people):
        for j, o in enumerate(p["options"]):
            cost[i, j] = sum(a for r, a in o["uses"] if r == 0)
            val[i, j] = o["value"]
    budget = problem["resources"][0]["capacity"]
    start = time.perf_counter()
    cw = np.zeros(n)
    cv = np.zeros(n)
    effs, dws, dvs = [], [], []
    for _ in range(k):
        dv = val - cv[:, None]
        dw = cost - cw[:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            slope = np.where(dv > 0, np.where(dw > 0, dv / dw, np.inf), -np.inf)
        j = np.argmax(slope, axis=1)
        rows = np.arange(n)
        s = slope[rows, j]
        ok = s > -np.inf
        effs.append(np.where(ok, s, -np.inf))
        dws.append(np.where(ok, np.maximum(dw[rows, j], 0), 0))
        dvs.append(np.where(ok, dv[rows, j], 0))
        cw = np.where(ok, np.maximum(cw, cost[rows, j]), cw)
        cv = np.where(ok, val[rows, j], cv)
    eff = np.concatenate(effs)
    dw = np.concatenate(dws)
    dv = np.concatenate(dvs)
    order = np.argsort(-eff, kind="stable")
    keep = eff[order] > -np.inf
    order = order[keep]
    spent = np.cumsum(dw[order])
    take = spent <= budget
    # Prefix until the first increment that does not fit (a person's increments are in order).
    stop = np.argmin(take) if not take.all() else len(take)
    value = float(dv[order[:stop]].sum())
    return time.perf_counter() - start, value


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--cases", default="budget,seats")
    ap.add_argument("--time-limit", type=float, default=300.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--binary", default=None, help="path to the plan_instance example binary")
    ap.add_argument("--no-milp", action="store_true", help="skip the MILP (LP relaxation only)")
    ap.add_argument("--milp-max", type=int, default=None, help="largest size for the MILP")
    ap.add_argument("--ours-only", default="", help="sizes to run our solver alone (time, memory)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of ours and numpy (best time)")
    args = ap.parse_args()
    exe = binary(args.binary)
    print("| case | people | ours s | our peak MiB | HiGHS MILP s | HiGHS LP s | ratio (MILP or LP) | ours value "
          "| HiGHS value (status) | HiGHS bound | our gap to HiGHS bound | our own gap | LP value "
          "| numpy s | numpy value | numpy gap | numpy / ours |")
    print("|" + "---|" * 17)
    for case in args.cases.split(","):
        flags = [] if case == "budget" else ["--seats", "--buddies"]
        for size in [int(s) for s in args.sizes.split(",")]:
            with tempfile.NamedTemporaryFile("w+", suffix=".json", delete=False) as f:
                subprocess.run([exe, "generate", "--people", str(size), "--seed", str(args.seed), *flags],
                               stdout=f, check=True)
                path = f.name
            runs = []
            for _ in range(args.repeat):
                out = subprocess.run(["/usr/bin/time", "-f", "%M", exe, "solve", path], capture_output=True,
                                     text=True, check=True)
                runs.append((json.loads(out.stdout), int(out.stderr.strip().splitlines()[-1]) / 1024))
            ours = min((r[0] for r in runs), key=lambda o: o["seconds"])
            mib = max(r[1] for r in runs)
            with open(path) as f:
                problem = json.load(f)
            os.unlink(path)
            lp_s, _, lp_val, _ = run_highs(problem, False, args.time_limit)
            if args.no_milp or (args.milp_max is not None and size > args.milp_max):
                mip_s, status, mip_val, mip_bound = float("nan"), "skipped", float("nan"), lp_val
            else:
                mip_s, status, mip_val, mip_bound = run_highs(problem, True, args.time_limit)
            ref = min(mip_bound, lp_val)
            gap = (ref - ours["value"]) / ref if ref > 0 else 0.0
            if case == "budget":
                np_runs = [numpy_greedy(problem) for _ in range(args.repeat)]
                np_s, np_val = min(np_runs)
                np_gap = (ref - np_val) / ref if ref > 0 else 0.0
                np_cols = (f"{np_s:.4f} | {np_val:.3f} | {100 * np_gap:.4f} % "
                           f"| {np_s / ours['seconds']:.1f}x")
            else:
                np_cols = "– | – | – | –"
            versus = lp_s if mip_s != mip_s else mip_s  # NaN: the MILP was skipped
            print(f"| {case} | {size} | {ours['seconds']:.4f} | {mib:.0f} | {mip_s:.2f} | {lp_s:.2f} "
                  f"| {versus / ours['seconds']:.0f}x | {ours['value']:.3f} | {mip_val:.3f} ({status}) "
                  f"| {mip_bound:.3f} | {100 * gap:.4f} % | {100 * ours['gap']:.4f} % | {lp_val:.3f} | {np_cols} |",
                  flush=True)
        for size in [int(s) for s in args.ours_only.split(",") if s]:
            out = subprocess.run(["/usr/bin/time", "-f", "%M", exe, "bench", "--people", str(size), "--seed",
                                  str(args.seed), *flags], capture_output=True, text=True, check=True)
            ours = json.loads(out.stdout)
            mib = int(out.stderr.strip().splitlines()[-1]) / 1024
            print(f"| {case} | {size} | {ours['seconds']:.3f} | {mib:.0f} | – | – | – | {ours['value']:.3f} | – | – "
                  f"| – | {100 * ours['gap']:.4f} % | – | – | – | – | – |", flush=True)


if __name__ == "__main__":
    main()
