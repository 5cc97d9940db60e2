// The benchmarks' large clusters: `deployments` Deployments (app0, app1...) of `replicas`
// httpd pods each, and a Service selecting each one's pods.
export function appsManifest(deployments, replicas) {
  const docs = [];
  for (let i = 0; i < deployments; i++) {
    const name = `app${i}`;
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: web
        image: httpd
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${name}
  ports:
  - port: 80
    targetPort: 80`);
  }
  return docs.join("\n---\n");
}
