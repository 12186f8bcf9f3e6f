"""Monthly sales report from a CSV export: totals per region and the best-selling products."""
import csv
from collections import Counter, defaultdict
from decimal import Decimal


def load_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            row["amount"] = Decimal(row["amount"])
            row["units"] = int(row["units"])
            yield row


def totals_by_region(rows):
    totals = defaultdict(Decimal)
    for row in rows:
        totals[row["region"]] += row["amount"]
    return dict(sorted(totals.items(), key=lambda kv: kv[1], reverse=True))


def top_products(rows, n=5):
    units = Counter()
    for row in rows:
        units[row["product"]] += row["units"]
    return units.most_common(n)


if __name__ == "__main__":
    import sys

    rows = list(load_rows(sys.argv[1]))
    for region, total in totals_by_region(rows).items():
        print(f"{region:<12} {total:>12,.2f}")
    for product, sold in top_products(rows):
        print(f"{product:<24} {sold:>6}")
