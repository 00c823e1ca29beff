"""area() and distance() on geopoint, geotrace and geoshape answers, as ODK Collect computes them.

A geopoint answer is ``'lat lon [altitude [accuracy]]'`` in degrees; a geotrace or
geoshape answer is points separated by ``;`` (a geoshape repeats its first point last).

* ``distance(trace)``, ``distance(${p1}, ${p2}, ...)``, ``distance(${points_in_repeat})``:
  the length in metres of the path through the points in order, each leg on a sphere
  (spherical law of cosines).
* ``area(shape)``: the enclosed area in square metres. Like JavaRosa, the points are
  projected onto a plane around the first point (x scaled by the cosine of the latitude)
  and the shoelace formula is applied; fewer than three points give 0.

Both use JavaRosa's Earth: a sphere of radius 6,378,100 m (the equatorial radius), so
results agree with ODK Collect. An empty answer gives 0; a text that is not coordinates
is an error naming it.
"""

from __future__ import annotations

import math

from fieldkit.core.i18n import N_

from .errors import EvaluationError
from .values import NodeSet, to_string

EARTH_RADIUS_M = 6_378_100.0
_METRES_PER_DEGREE = 2 * math.pi * EARTH_RADIUS_M / 360.0
#: Most points one call reads (a geotrace walked for a day at one point a second is 86,400).
MAX_POINTS = 200_000

Point = tuple[float, float]


def _bad(text: str) -> EvaluationError:
    return EvaluationError(N_("'{value}' is not a location (latitude longitude, in degrees)"),
                           value=text[:60])


def parse_points(text: str) -> list[Point]:
    """``'30.1 120.2 0 5; 30.2 120.3'`` -> [(30.1, 120.2), (30.2, 120.3)]; '' -> []."""
    points: list[Point] = []
    if len(text) > MAX_POINTS * 100 or text.count(";") > MAX_POINTS:
        raise EvaluationError(N_("The shape has too many points (more than {limit})"), limit=MAX_POINTS)
    for part in text.split(";"):
        fields = part.split()
        if not fields:
            continue
        if len(fields) > 4:
            raise _bad(part.strip())
        try:
            lat, lon = float(fields[0]), float(fields[1]) if len(fields) > 1 else math.nan
        except ValueError:
            raise _bad(part.strip()) from None
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):  # also refuses NaN
            raise _bad(part.strip())
        points.append((lat, lon))
    return points


def _points(args, run) -> list[Point]:
    points: list[Point] = []
    for arg in args:
        for value in (arg if isinstance(arg, NodeSet) else (arg,)):
            text = to_string(value)
            run.charge(1 + len(text) // 100)
            points.extend(parse_points(text))
            if len(points) > MAX_POINTS:
                raise EvaluationError(N_("The shape has too many points (more than {limit})"),
                                      limit=MAX_POINTS)
    return points


def leg_length(a: Point, b: Point) -> float:
    """Metres between two points on the sphere (spherical law of cosines, as JavaRosa)."""
    phi1, phi2 = math.radians(a[0]), math.radians(b[0])
    cosine = (math.sin(phi1) * math.sin(phi2)
              + math.cos(phi1) * math.cos(phi2) * math.cos(math.radians(a[1] - b[1])))
    return math.acos(max(-1.0, min(1.0, cosine))) * EARTH_RADIUS_M


def distance(args, ctx, run):
    points = _points(args, run)
    return math.fsum(leg_length(points[i - 1], points[i]) for i in range(1, len(points)))


def area(args, ctx, run):
    points = _points(args, run)
    if len(points) < 3:
        return 0.0
    lat0, lon0 = points[0]
    xs = [(lon - lon0) * _METRES_PER_DEGREE * math.cos(math.radians(lat)) for lat, lon in points[1:]]
    ys = [(lat - lat0) * _METRES_PER_DEGREE for lat, _ in points[1:]]
    twice = math.fsum(ys[i - 1] * xs[i] - xs[i - 1] * ys[i] for i in range(1, len(xs)))
    return abs(twice) / 2.0
