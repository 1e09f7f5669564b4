#!/usr/bin/env python3
"""PyTorch's time for the decoding shapes of this folder (one query row,
Hq = 32, Hkv = 32 or 8, S = 4096, E = 128, f32): the composed
bmm/softmax/bmm, with K and V repeat_interleave'd for GQA ("composed") and
with the group folded into the query rows instead ("grouped"); 1 and 2
threads, median of 20 calls. Usage: /usr/bin/python3 bench/shapes/torch_decode.py
"""
import torch, time
for T in (1,2):
    torch.set_num_threads(T)
    for hq,hkv in ((32,32),(32,8)):
        q=torch.randn(hq,1,128); k=torch.randn(hkv,4096,128); v=torch.randn(hkv,4096,128)
        g=hq//hkv
        def f():
            kk=k.repeat_interleave(g,0) if g>1 else k; vv=v.repeat_interleave(g,0) if g>1 else v
            s=torch.bmm(q,kk.transpose(1,2))*0.0884; p=torch.softmax(s,-1); return torch.bmm(p,vv)
        def f2():
            # GQA without copying K/V: fold the group into the query rows
            qq=q.view(hkv,g,128); s=torch.bmm(qq,k.transpose(1,2))*0.0884; p=torch.softmax(s,-1); return torch.bmm(p,v)
        with torch.no_grad():
            for fn,name in ((f,"composed"),(f2,"grouped")):
                fn(); ts=[]
                for i in range(20):
                    t=time.perf_counter(); fn(); ts.append(time.perf_counter()-t)
                ts.sort(); print(T,hq,hkv,name,"%.3f ms"%(ts[10]*1e3))
