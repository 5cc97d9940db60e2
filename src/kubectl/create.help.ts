// kubectl create's help and its generators': kubectl v1.32's words, trimmed of features kubesim
// lacks, with its examples where kubesim has the feature they show (help.test.ts runs every
// example).
import { type CommandHelp, DRY_RUN, OUTPUT, RECURSIVE, SAVE_CONFIG, VALIDATE } from "./help/flags.js";

/** kubectl's docker-registry text keeps the indentation of its blank lines. */
const PAD = "        ";

export const HELP: Record<string, CommandHelp> = {
  create: {
    long: `Create a resource from a file or from stdin.

 JSON and YAML formats are accepted.`,
    examples: `# Create a pod using the data in pod.json
kubectl create -f ./pod.json

# Create a pod based on the JSON passed into stdin
cat pod.json | kubectl create -f -`,
    usage: "create -f FILENAME [options]",
    flags: {
      filename: ["[]", "Filename, directory, or URL to files to use to create the resource"],
      recursive: RECURSIVE,
      output: OUTPUT,
      "dry-run": DRY_RUN,
      "save-config": SAVE_CONFIG,
      validate: VALIDATE,
    },
  },
  "create deployment": {
    long: `Create a deployment with the specified name.`,
    examples: `# Create a deployment named my-dep that runs the busybox image
kubectl create deployment my-dep --image=busybox

# Create a deployment with a command
kubectl create deployment my-dep --image=busybox -- date

# Create a deployment named my-dep that runs the nginx image with 3 replicas
kubectl create deployment my-dep --image=nginx --replicas=3

# Create a deployment named my-dep that runs the busybox image and expose port 5701
kubectl create deployment my-dep --image=busybox --port=5701

# Create a deployment named my-dep that runs multiple containers
kubectl create deployment my-dep --image=busybox:latest --image=ubuntu:latest --image=nginx`,
    usage: "create deployment NAME --image=image -- [COMMAND] [args...] [options]",
    flags: {
      output: OUTPUT,
      "dry-run": DRY_RUN,
      "save-config": SAVE_CONFIG,
      validate: VALIDATE,
      image: ["[]", "Image names to run. A deployment can have multiple images set for multi-container pod."],
      replicas: ["1", "Number of replicas to create. Default is 1."],
      port: ["-1", "The containerPort that this deployment exposes."],
    },
  },
  "create job": {
    long: `Create a job with the specified name.`,
    examples: `# Create a job
kubectl create job my-job --image=busybox

# Create a job with a command
kubectl create job my-job --image=busybox -- date

# Create a job from a cron job named "a-cronjob"
kubectl create job test-job --from=cronjob/a-cronjob`,
    usage: "create job NAME --image=image [--from=cronjob/name] -- [COMMAND] [args...] [options]",
    flags: {
      output: OUTPUT,
      "dry-run": DRY_RUN,
      "save-config": SAVE_CONFIG,
      validate: VALIDATE,
      image: ["''", "Image name to run."],
      from: ["''", "The name of the resource to create a Job from (only cronjob is supported)."],
    },
  },
  "create cronjob": {
    long: `Create a cron job with the specified name.`,
    examples: `# Create a cron job
kubectl create cronjob my-job --image=busybox --schedule="*/1 * * * *"

# Create a cron job with a command
kubectl create cronjob my-job --image=busybox --schedule="*/1 * * * *" -- date`,
    usage:
      "create cronjob NAME --image=image --schedule='0/5 * * * ?' -- [COMMAND] [args...] [flags] [options]",
    flags: {
      output: OUTPUT,
      "dry-run": DRY_RUN,
      "save-config": SAVE_CONFIG,
      validate: VALIDATE,
      image: ["''", "Image name to run."],
      restart: ["''", "job's restart policy. supported values: OnFailure, Never"],
      schedule: ["''", "A schedule in the Cron format the job should be run with."],
    },
  },
  "create service": {
    long: `Create a service using a specified subcommand.`,
    usage: "create service [flags] [options]",
  },
  "create service clusterip": {
    long: `Create a ClusterIP service with the specified name.`,
    examples: `# Create a new ClusterIP service named my-cs
kubectl create service clusterip my-cs --tcp=5678:8080

# Create a new ClusterIP service named my-cs (in headless mode)
kubectl create service clusterip my-cs --clusterip="None"`,
    usage:
      "create service clusterip NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none] [options]",
    flags: {
      output: OUTPUT,
      "dry-run": DRY_RUN,
      "save-config": SAVE_CONFIG,
      validate: VALIDATE,
      tcp: ["[]", "Port pairs can be specified as '<port>:<targetPort>'."],
      clusterip: [
        "''",
        "Assign your own ClusterIP or set to 'None' for a 'headless' service (no loadbalancing).",
      ],
    },
  },
  "create service nodeport": {
    long: `Create a NodePort service with the specified name.`,
    examples: `# Create a new NodePort service named my-ns
kubectl create service nodeport my-ns --tcp=5678:8080`,
    usage: "create service nodeport NAME [--tcp=port:targetPort] [--dry-run=server|client|none] [options]",
    flags: {
      output: OUTPUT,
      "dry-run": DRY_RUN,
      "save-config": SAVE_CONFIG,
      validate: VALIDATE,
      tcp: ["[]", "Port pairs can be specified as '<port>:<targetPort>'."],
      "node-port": ["0", "Port used to expose the service on each node in a cluster."],
    },
  },
  "create service loadbalancer": {
    long: `Create a LoadBalancer service with the specified name.`,
    examples: `# Create a new LoadBalancer service named my-lbs
kubectl create service loadbalancer my-lbs --tcp=5678:8080`,
    usage:
      "create service loadbalancer NAME [--tcp=port:targetPort] [--dry-run=server|client|none] [options]",
    flags: {
      output: OUTPUT,
      "dry-run": DRY_RUN,
      "save-config": SAVE_CONFIG,
      validate: VALIDATE,
      tcp: ["[]", "Port pairs can be specified as '<port>:<targetPort>'."],
    },
  },
  "create service externalname": {
    long: `Create an ExternalName service with the specified name.

 ExternalName service references to an external DNS address instead of only pods, which will allow application authors to reference services that exist off platform, on other clusters, or locally.`,
    examples: `# Create a new ExternalName service named my-ns
kubectl create service externalname my-ns --external-name bar.com`,
    usage:
      "create service externalname NAME --external-name external.name [--dry-run=server|client|none] [options]",
    flags: {
      output: OUTPUT,
      "dry-run": DRY_RUN,
      "save-config": SAVE_CONFIG,
      validate: VALIDATE,
      "external-name": ["''", "External name of service"],
    },
  },
  "create namespace": {
    long: `Create a namespace with the specified name.`,
    examples: `# Create a new namespace named my-namespace
kubectl create namespace my-namespace`,
    usage: "create namespace NAME [--dry-run=server|client|none] [options]",
    flags: {
      output: OUTPUT,
      "dry-run": DRY_RUN,
      "save-config": SAVE_CONFIG,
      validate: VALIDATE,
    },
  },
  "create configmap": {
    long: `Create a config map based on a file, directory, or specified literal value.

 A single config map may package one or more key/value pairs.

 When creating a config map based on a file, the key will default to the basename of the file, and the value will default to the file content.  If the basename is an invalid key, you may specify an alternate key.

 When creating a config map based on a directory, each file whose basename is a valid key in the directory will be packaged into the config map.  Any directory entries except regular files are ignored (e.g. subdirectories, symlinks, devices, pipes, etc).`,
    examples: `# Create a new config map named my-config based on folder bar
kubectl create configmap my-config --from-file=path/to/bar

# Create a new config map named my-config with specified keys instead of file basenames on disk
kubectl create configmap my-config --from-file=key1=/path/to/bar/file1.txt --from-file=key2=/path/to/bar/file2.txt

# Create a new config map named my-config with key1=config1 and key2=config2
kubectl create configmap my-config --from-literal=key1=config1 --from-literal=key2=config2

# Create a new config map named my-config from the key=value pairs in the file
kubectl create configmap my-config --from-file=path/to/bar

# Create a new config map named my-config from an env file
kubectl create configmap my-config --from-env-file=path/to/foo.env --from-env-file=path/to/bar.env`,
    usage:
      "create configmap NAME [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none] [options]",
    flags: {
      output: OUTPUT,
      "dry-run": DRY_RUN,
      "save-config": SAVE_CONFIG,
      validate: VALIDATE,
      "from-env-file": [
        "[]",
        "Specify the path to a file to read lines of key=val pairs to create a configmap.",
      ],
      "from-file": [
        "[]",
        "Key file can be specified using its file path, in which case file basename will be used as configmap key, or optionally with a key and file path, in which case the given key will be used.  Specifying a directory will iterate each named file in the directory whose basename is a valid configmap key.",
      ],
      "from-literal": ["[]", "Specify a key and literal value to insert in configmap (i.e. mykey=somevalue)"],
    },
  },
  "create secret": {
    long: `Create a secret with specified type.

 A docker-registry type secret is for accessing a container registry.

 A generic type secret indicate an Opaque secret type.

 A tls type secret holds TLS certificate and its associated key.`,
    usage: "create secret (docker-registry | generic | tls) [options]",
  },
  "create secret generic": {
    long: `Create a secret based on a file, directory, or specified literal value.

 A single secret may package one or more key/value pairs.

 When creating a secret based on a file, the key will default to the basename of the file, and the value will default to the file content. If the basename is an invalid key or you wish to chose your own, you may specify an alternate key.

 When creating a secret based on a directory, each file whose basename is a valid key in the directory will be packaged into the secret. Any directory entries except regular files are ignored (e.g. subdirectories, symlinks, devices, pipes, etc).`,
    examples: `# Create a new secret named my-secret with keys for each file in folder bar
kubectl create secret generic my-secret --from-file=path/to/bar

# Create a new secret named my-secret with specified keys instead of names on disk
kubectl create secret generic my-secret --from-file=ssh-privatekey=path/to/id_rsa --from-file=ssh-publickey=path/to/id_rsa.pub

# Create a new secret named my-secret with key1=supersecret and key2=topsecret
kubectl create secret generic my-secret --from-literal=key1=supersecret --from-literal=key2=topsecret

# Create a new secret named my-secret using a combination of a file and a literal
kubectl create secret generic my-secret --from-file=ssh-privatekey=path/to/id_rsa --from-literal=passphrase=topsecret

# Create a new secret named my-secret from env files
kubectl create secret generic my-secret --from-env-file=path/to/foo.env --from-env-file=path/to/bar.env`,
    usage:
      "create secret generic NAME [--type=string] [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none] [options]",
    flags: {
      output: OUTPUT,
      "dry-run": DRY_RUN,
      "save-config": SAVE_CONFIG,
      validate: VALIDATE,
      "from-env-file": [
        "[]",
        "Specify the path to a file to read lines of key=val pairs to create a secret.",
      ],
      "from-file": [
        "[]",
        "Key files can be specified using their file path, in which case a default name will be given to them, or optionally with a name and file path, in which case the given name will be used.  Specifying a directory will iterate each named file in the directory that is a valid secret key.",
      ],
      "from-literal": ["[]", "Specify a key and literal value to insert in secret (i.e. mykey=somevalue)"],
      type: ["''", "The type of secret to create"],
    },
  },
  "create secret tls": {
    long: `Create a TLS secret from the given public/private key pair.

 The public/private key pair must exist beforehand. The public key certificate must be .PEM encoded and match the given private key.`,
    examples: `# Create a new TLS secret named tls-secret with the given key pair
kubectl create secret tls tls-secret --cert=path/to/tls.crt --key=path/to/tls.key`,
    usage:
      "create secret tls NAME --cert=path/to/cert/file --key=path/to/key/file [--dry-run=server|client|none] [options]",
    flags: {
      output: OUTPUT,
      "dry-run": DRY_RUN,
      "save-config": SAVE_CONFIG,
      validate: VALIDATE,
      cert: ["''", "Path to PEM encoded public key certificate."],
      key: ["''", "Path to private key associated with given certificate."],
    },
  },
  "create secret docker-registry": {
    long: `Create a new secret for use with Docker registries.
${PAD}
        Dockercfg secrets are used to authenticate against Docker registries.
${PAD}
        When using the Docker command line to push images, you can authenticate to a given registry by running:
        '$ docker login DOCKER_REGISTRY_SERVER --username=DOCKER_USER --password=DOCKER_PASSWORD --email=DOCKER_EMAIL'.
${PAD}
 That produces a ~/.dockercfg file that is used by subsequent 'docker push' and 'docker pull' commands to authenticate to the registry. The email address is optional.

        When creating applications, you may have a Docker registry that requires authentication.  In order for the
        nodes to pull images on your behalf, they must have the credentials.  You can provide this information
        by creating a dockercfg secret and attaching it to your service account.`,
    examples: `# If you do not already have a .dockercfg file, create a dockercfg secret directly
kubectl create secret docker-registry my-secret --docker-server=DOCKER_REGISTRY_SERVER --docker-username=DOCKER_USER --docker-password=DOCKER_PASSWORD --docker-email=DOCKER_EMAIL

# Create a new secret named my-secret from ~/.docker/config.json
kubectl create secret docker-registry my-secret --from-file=path/to/.docker/config.json`,
    usage:
      "create secret docker-registry NAME --docker-username=user --docker-password=password --docker-email=email [--docker-server=string] [--from-file=[key=]source] [--dry-run=server|client|none] [options]",
    flags: {
      output: OUTPUT,
      "dry-run": DRY_RUN,
      "save-config": SAVE_CONFIG,
      validate: VALIDATE,
      "docker-email": ["''", "Email for Docker registry"],
      "docker-password": ["''", "Password for Docker registry authentication"],
      "docker-server": ["'https://index.docker.io/v1/'", "Server location for Docker registry"],
      "docker-username": ["''", "Username for Docker registry authentication"],
      "from-file": [
        "[]",
        "Key files can be specified using their file path, in which case a default name of .dockerconfigjson will be given to them, or optionally with a name and file path, in which case the given name will be used. Specifying a directory will iterate each named file in the directory that is a valid secret key. For this command, the key should always be .dockerconfigjson.",
      ],
    },
  },
  "create ingress": {
    long: `Create an ingress with the specified name.`,
    examples: `# Create a single ingress called 'simple' that directs requests to foo.com/bar to svc
# svc1:8080 with a TLS secret "my-cert"
kubectl create ingress simple --rule="foo.com/bar=svc1:8080,tls=my-cert"

# Create a catch all ingress of "/path" pointing to service svc:port and Ingress Class as "otheringress"
kubectl create ingress catch-all --class=otheringress --rule="/path=svc:port"

# Create an ingress with two annotations: ingress.annotation1 and ingress.annotations2
kubectl create ingress annotated --class=default --rule="foo.com/bar=svc:port" \\
--annotation ingress.annotation1=foo \\
--annotation ingress.annotation2=bla

# Create an ingress with the same host and multiple paths
kubectl create ingress multipath --class=default \\
--rule="foo.com/=svc:port" \\
--rule="foo.com/admin/=svcadmin:portadmin"

# Create an ingress with multiple hosts and the pathType as Prefix
kubectl create ingress ingress1 --class=default \\
--rule="foo.com/path*=svc:8080" \\
--rule="bar.com/admin*=svc2:http"

# Create an ingress with TLS enabled using the default ingress certificate and different path types
kubectl create ingress ingtls --class=default \\
--rule="foo.com/=svc:https,tls" \\
--rule="foo.com/path/subpath*=othersvc:8080"

# Create an ingress with TLS enabled using a specific secret and pathType as Prefix
kubectl create ingress ingsecret --class=default \\
--rule="foo.com/*=svc:8080,tls=secret1"

# Create an ingress with a default backend
kubectl create ingress ingdefault --class=default \\
--default-backend=defaultsvc:http \\
--rule="foo.com/*=svc:8080,tls=secret1"`,
    usage: "create ingress NAME --rule=host/path=service:port[,tls[=secret]]  [options]",
    flags: {
      annotation: ["[]", "Annotation to insert in the ingress object, in the format annotation=value"],
      class: ["''", "Ingress Class to be used"],
      "default-backend": ["''", "Default service for backend, in format of svcname:port"],
      "dry-run": DRY_RUN,
      output: OUTPUT,
      rule: [
        "[]",
        "Rule in format host/path=service:port[,tls=secretname]. Paths containing the leading character '*' are considered pathType=Prefix. tls argument is optional.",
      ],
      "save-config": SAVE_CONFIG,
      validate: VALIDATE,
    },
  },
  "create quota": {
    long: `Create a resource quota with the specified name, hard limits, and optional scopes.`,
    examples: `# Create a new resource quota named my-quota
kubectl create quota my-quota --hard=cpu=1,memory=1G,pods=2,services=3,replicationcontrollers=2,resourcequotas=1,secrets=5,persistentvolumeclaims=10

# Create a new resource quota named best-effort
kubectl create quota best-effort --hard=pods=100 --scopes=BestEffort`,
    usage:
      "create quota NAME [--hard=key1=value1,key2=value2] [--scopes=Scope1,Scope2] [--dry-run=server|client|none] [options]",
    flags: {
      "dry-run": DRY_RUN,
      hard: ["''", "A comma-delimited set of resource=quantity pairs that define a hard limit."],
      output: OUTPUT,
      "save-config": SAVE_CONFIG,
      scopes: [
        "''",
        "A comma-delimited set of quota scopes that must all match each object tracked by the quota.",
      ],
      validate: VALIDATE,
    },
  },
  "create serviceaccount": {
    long: `Create a service account with the specified name.`,
    examples: `# Create a new service account named my-service-account
kubectl create serviceaccount my-service-account`,
    usage: "create serviceaccount NAME [--dry-run=server|client|none] [options]",
    flags: {
      output: OUTPUT,
      "dry-run": DRY_RUN,
      "save-config": SAVE_CONFIG,
      validate: VALIDATE,
    },
  },
};
