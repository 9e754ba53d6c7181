# RFC 2409 §6.2 / RFC 3526: p = 2^n - 2^(n-64) - 1 + 2^64 * ( floor(2^(n-130) * pi) + k )
from decimal import Decimal, getcontext
getcontext().prec = 1400
def pi():
    # Machin: pi = 16 atan(1/5) - 4 atan(1/239)
    def atan_inv(x):
        total = Decimal(0); term = Decimal(1) / x; x2 = x * x; n = 1; sign = 1
        while term > Decimal(10) ** (-1390):
            total += sign * term / n
            term /= x2; n += 2; sign = -sign
        return total
    return 16 * atan_inv(5) - 4 * atan_inv(239)
PI = pi()
ks = {768: 149686, 1024: 129093, 1536: 741804, 2048: 124476, 3072: 1690314, 4096: 240904}
for n, k in ks.items():
    p = 2**n - 2**(n-64) - 1 + 2**64 * (int(Decimal(2**(n-130)) * PI) + k)
    print(n, format(p, 'x'))
